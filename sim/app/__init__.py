"""The classroom page (``escalation app``): ``app.py`` (the page and its Watch tab), ``play_tab.py`` (play an
actor, debrief), ``dials.py`` (the sidebar's values as plain data), ``model_view.py`` (figures, counters and
event feed as pure functions), ``assets.py`` (the front end, installed offline from the npm registry)."""
