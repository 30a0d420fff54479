"""One module per kind of output; each says what it makes from the catalog."""
