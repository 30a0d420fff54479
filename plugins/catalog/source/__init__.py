"""Content files -> documents with positions -> problems | the typed model. Pure: no cache, no workers."""
