"""CV upload routes: direct (/api/rag/cv-upload/) and presigned (/api/rag/cv-upload-url/, /api/rag/cv-uploads/{id}/)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import File, Form, UploadFile

from jobmatch.api import BEARER, json_response
from jobmatch.security import authenticate, parse_uuid
from rag import service
from rag.models import CvUploadOut, UploadStatusOut, UploadUrlIn, UploadUrlOut

router = Router()
TAGS = ["cv"]

UPLOAD_ANSWERS = {
    200: {"description": "The caller's CV was replaced", "content": {"application/json": {"model": CvUploadOut}}},
    201: {"description": "The caller's first CV was stored", "content": {"application/json": {"model": CvUploadOut}}},
    400: {"description": "Unreadable file (damaged, encrypted, empty) or nothing sent"},
    413: {"description": "File, page count or text over the limits"},
    415: {"description": "Not a PDF, Word or text file, or not a CV"},
}


@router.post(
    "/rag/cv-upload",
    tags=TAGS,
    summary="Upload or replace the caller's CV (.pdf, .docx, .txt up to 5 MB, or text)",
    security=BEARER,
    responses=UPLOAD_ANSWERS,
)
def upload_cv(
    file: Annotated[UploadFile | None, File(description="The CV file.")] = None,
    cv_file: Annotated[UploadFile | None, File(description="Same as `file`.")] = None,
    cv_text: Annotated[str | None, Form(description="The CV as text, instead of a file.")] = None,
    filename: Annotated[str | None, Form(max_length=255, description="A name for a CV sent as text.")] = None,
):
    caller = authenticate(router.current_event)
    out, created = service.upload_cv(caller, file if file is not None else cv_file, cv_text, filename)
    return json_response(201 if created else 200, out.model_dump())


@router.post(
    "/rag/cv-upload-url",
    status_code=201,
    tags=TAGS,
    summary="A presigned S3 POST for a large CV file, ingested when it lands",
    security=BEARER,
)
def upload_url(body: UploadUrlIn) -> UploadUrlOut:
    return service.create_upload_url(authenticate(router.current_event), body)


@router.get("/rag/cv-uploads/<upload_id>", tags=TAGS, summary="What became of a presigned upload", security=BEARER)
def upload_status(upload_id: str) -> UploadStatusOut:
    return service.upload_status(authenticate(router.current_event), parse_uuid(upload_id))
