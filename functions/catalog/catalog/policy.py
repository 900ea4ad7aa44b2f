"""Who may do what in the catalog. Every role rule of the function lives here.

| resource           | jobseeker                        | company user                                | admin |
|--------------------|----------------------------------|---------------------------------------------|-------|
| companies          | read                             | read; create; change/delete their own       | all   |
| skills             | read; create                     | read; create                                | all   |
| jobs               | read                             | read; write jobs of companies they own      | all   |
| cvs, cv-embeddings | their own                        | CVs sent in applications to them, read-only | all   |
| job-embeddings     | read                             | read                                        | all   |
| applications       | create with own CV; read/delete  | read; change the status                     | all   |
| recommendations    | their own                        | -                                           | all   |
| sb-users           | -                                | -                                           | all   |

A row the caller cannot see answers 404, exactly like a missing one, so ids cannot be probed. A row the
caller can see but not change answers 403. A visibility rule is a `Scope`, which the queries turn into
their WHERE clause; the SQL never decides by itself who sees what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jobmatch.errors import Forbidden
from jobmatch.security import Caller

ScopeKind = Literal["all", "own", "company"]


@dataclass(frozen=True)
class Scope:
    """Rows a caller may see: all, their own (as a jobseeker), or those sent to their companies."""

    kind: ScopeKind
    user_id: str

    @property
    def sql(self) -> dict[str, str]:
        return {"scope": self.kind, "caller": self.user_id}


def _scope(caller: Caller) -> Scope:
    if caller.is_admin:
        return Scope("all", caller.id)
    return Scope("company" if caller.is_company else "own", caller.id)


def require_admin(caller: Caller) -> None:
    if not caller.is_admin:
        raise Forbidden()


# ---------------------------------------------------------------- companies and jobs


def can_create_company(caller: Caller) -> None:
    if not (caller.is_admin or caller.is_company):
        raise Forbidden("Only company accounts can create companies.")


def can_change_company(caller: Caller, owner_id: str | None) -> None:
    """Changing a company, or the jobs of a company: its owner or an admin."""
    if not (caller.is_admin or (caller.is_company and owner_id is not None and str(owner_id) == caller.id)):
        raise Forbidden("You can only change companies you own and their jobs.")


def may_set_owner(caller: Caller) -> bool:
    return caller.is_admin


# ---------------------------------------------------------------- skills


def can_change_skill(caller: Caller) -> None:
    if not caller.is_admin:
        raise Forbidden("Only administrators can change or delete skills.")


# ---------------------------------------------------------------- CVs and their embeddings


def cv_scope(caller: Caller) -> Scope:
    return _scope(caller)


def can_create_cv(caller: Caller) -> None:
    if caller.is_company:
        raise Forbidden("Company accounts cannot create CVs.")


def can_change_cv(caller: Caller, owner_id: str) -> None:
    if not (caller.is_admin or str(owner_id) == caller.id):
        raise Forbidden("You can only change your own CVs.")


def records_profile_view(caller: Caller) -> bool:
    """A company user opening an applicant's CV is counted as a profile view."""
    return caller.is_company


# ---------------------------------------------------------------- applications


def application_scope(caller: Caller) -> Scope:
    return _scope(caller)


def can_apply(caller: Caller) -> None:
    if caller.is_company:
        raise Forbidden("Company accounts cannot apply to jobs.")


def may_set_score(caller: Caller) -> bool:
    return caller.is_admin


def can_change_application(caller: Caller) -> None:
    if caller.role == "jobseeker":
        raise Forbidden("Only the company can change an application; you can withdraw it.")


def can_delete_application(caller: Caller) -> None:
    if caller.is_company:
        raise Forbidden("A company cannot delete an application; change its status instead.")


# ---------------------------------------------------------------- recommendations


def recommendation_scope(caller: Caller) -> Scope:
    if caller.is_company:
        raise Forbidden()
    return _scope(caller)
