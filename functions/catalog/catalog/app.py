"""Catalog function: companies, skills, jobs, CVs, applications, the read-only views and the user directory.

Who may do what is in `catalog.policy`; each resource has its routes (`routes/`), its domain logic
(`logic/`) and its SQL (`queries/`).
"""

from __future__ import annotations

from catalog.routes import applications, companies, cvs, jobs, skills, users, views
from jobmatch.api import create_app, make_handler

app = create_app()
for module in (companies, skills, jobs, cvs, applications, views, users):
    app.include_router(module.router)

lambda_handler = make_handler(app)
