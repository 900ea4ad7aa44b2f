"""Accounts function: /api/auth/..."""

from __future__ import annotations

from auth import routes_privacy, service
from auth.models import LoginIn, LoginOut, MessageOut, RefreshIn, RegisterIn, TokensOut, UserOut
from jobmatch.api import BEARER, create_app, make_handler, no_content
from jobmatch.security import authenticate, optional_caller

app = create_app()
app.include_router(routes_privacy.router)

REGISTER_ANSWERS = {
    401: {"description": "A bearer token was sent and is not valid"},
    403: {"description": "Only an administrator can create administrator accounts"},
}
LOGIN_ANSWERS = {
    401: {"description": "Wrong username or password"},
    429: {"description": "Too many failed logins for this user or address; see Retry-After"},
}
REFRESH_ANSWERS = {401: {"description": "The refresh token is invalid, expired, revoked or already used"}}


@app.post("/auth/register", status_code=201, tags=["auth"], summary="Create an account", responses=REGISTER_ANSWERS)
def register(body: RegisterIn) -> MessageOut:
    service.register(body, optional_caller(app.current_event))
    return MessageOut(message="User registered successfully")


@app.post("/auth/login", tags=["auth"], summary="Log in with username and password", responses=LOGIN_ANSWERS)
def login(body: LoginIn) -> LoginOut:
    client_ip = app.current_event.request_context.http.source_ip or "unknown"
    return service.login(body.username, body.password, client_ip)


@app.post("/auth/token/refresh", tags=["auth"], summary="Rotate a refresh token", responses=REFRESH_ANSWERS)
def refresh(body: RefreshIn) -> TokensOut:
    return service.refresh(body.refresh)


@app.post("/auth/logout", status_code=204, tags=["auth"], summary="Revoke a refresh token", responses=REFRESH_ANSWERS)
def logout(body: RefreshIn):
    service.logout(body.refresh)
    return no_content()


@app.get("/auth/me", tags=["auth"], summary="The caller's profile", security=BEARER)
def me() -> UserOut:
    return service.profile(authenticate(app.current_event))


lambda_handler = make_handler(app)
