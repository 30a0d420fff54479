"""One module per kind of output; each says what it makes from the catalog.

Each module of :data:`OUTPUTS` has ``outputs(catalog, site, memo) -> Iterable[Output]``
(output.py). A new kind of output is a new module here and one more name in the list.
The search index is the exception: its records (search.py) are indexed by Pagefind once
every file is written (engine/pagefind.py).
"""

from . import api, calendars, embeds, feeds, maps, pages

OUTPUTS = (pages, api, feeds, calendars, embeds, maps)
