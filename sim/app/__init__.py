"""The classroom page (``escalation app``): ``page.py`` (the page, its tabs and seats) says what is where."""
