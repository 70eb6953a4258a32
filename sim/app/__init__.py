"""The classroom page (issue 7): a Solara page over one live run. ``model_view`` holds the pure drawing
functions (testable without a browser); ``app`` wires them into Mesa's SolaraViz."""
