"""The ceiling: the cheapest useful Flask page on this machine, served like the app.

One view rendering a tiny Jinja template, no database, no extensions. `bench/run.sh` serves
it with the same gunicorn settings as Borgernet; each page's speed is reported against it.
"""

from __future__ import annotations

from flask import Flask, render_template
from jinja2 import DictLoader

TEMPLATE = """<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body>
</html>"""

app = Flask(__name__)
app.jinja_loader = DictLoader({"page.html": TEMPLATE})


@app.route("/")
def page():
    return render_template("page.html", title="Loftet", items=("en", "to", "tre"))
