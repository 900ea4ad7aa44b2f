"""template.yaml: cfn-lint finds no error, and the stack has the properties a reviewer checks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import warnings
from pathlib import Path
from typing import get_args
from urllib.parse import unquote_plus

import pytest

from jobmatch.config import Settings, load_settings
from local.template import (
    function_environment,
    functions,
    http_routes,
    load_template,
    resolve,
    resolved_environment,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "template.yaml")
RESOURCES = TEMPLATE["Resources"]
PARAMETERS = TEMPLATE["Parameters"]
FUNCTIONS = functions(TEMPLATE)
API_FUNCTIONS = sorted({route.function for route in http_routes(TEMPLATE)})
PROXY = "/{proxy+}"
CATALOG_RESOURCES = [
    "companies", "skills", "jobs", "cvs", "applications",
    "cv-embeddings", "job-embeddings", "recommendations", "sb-users",
]  # fmt: skip
EXPECTED_ROUTES = {
    ("ANY", "/api/auth/{proxy+}", "AuthFunction"),
    ("GET", "/api/health", "AuthFunction"),
    ("GET", "/api/health/{proxy+}", "AuthFunction"),
    ("ANY", "/api/rag/{proxy+}", "RagFunction"),
    ("ANY", "/api/interview/{proxy+}", "InterviewFunction"),
    ("ANY", "/api/career-advisor", "AdvisorFunction"),
    ("ANY", "/api/career-advisor/{proxy+}", "AdvisorFunction"),
    ("ANY", "/api/dashboard", "AdvisorFunction"),
    ("ANY", "/api/dashboard/{proxy+}", "AdvisorFunction"),
} | {("ANY", f"/api/{name}{tail}", "CatalogFunction") for name in CATALOG_RESOURCES for tail in ("", PROXY)}


def _cfn_lint(path: Path) -> list[dict]:
    """cfn-lint's findings on one template, for us-east-1."""
    exe = ROOT / ".venv-sam" / "bin" / "cfn-lint"  # beside aws-sam-cli: its pins clash with the layer's pydantic
    assert exe.exists(), "cfn-lint is missing: run `make tools` (installs aws-sam-cli and cfn-lint into .venv-sam)"
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1"}
    cmd = [exe, "--format", "json", "--", path]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode in range(16), done.stderr  # exit code bits: 2 error, 4 warning, 8 info
    return json.loads(done.stdout or "[]")


def _describe(match: dict) -> str:
    line = match["Location"]["Start"]["LineNumber"]
    return f"{match['Rule']['Id']} line {line}: {match['Message']}"


def test_cfn_lint_reports_no_error():
    # Given the template, When cfn-lint checks it
    matches = _cfn_lint(ROOT / "template.yaml")

    # Then nothing is an error; warnings are listed in the pytest summary
    for match in matches:
        if match["Level"] == "Warning":
            warnings.warn(f"cfn-lint {_describe(match)}", stacklevel=1)
    assert not [_describe(m) for m in matches if m["Level"] == "Error"]


def test_cfn_lint_would_report_a_broken_template(tmp_path):
    # Given the template with a queue timeout that is not a number
    text = (ROOT / "template.yaml").read_text()
    broken = text.replace("VisibilityTimeout: 900", "VisibilityTimeout: soon")
    (tmp_path / "template.yaml").write_text(broken)

    # When cfn-lint checks it, Then the error is found
    errors = [m for m in _cfn_lint(tmp_path / "template.yaml") if m["Level"] == "Error"]
    assert any(m["Location"]["Path"][-1] == "VisibilityTimeout" for m in errors)


def test_loader_turns_short_tags_into_intrinsic_functions(tmp_path):
    # Given a template with the short forms
    path = tmp_path / "t.yaml"
    path.write_text("A: !GetAtt Db.Endpoint.Address\nB: !Sub '${X}-y'\nC: !If [IsSet, !Ref Y, !Ref AWS::NoValue]")

    # When it is loaded
    data = load_template(path)

    # Then each tag has the long form that CloudFormation documents
    assert data["A"] == {"Fn::GetAtt": ["Db", "Endpoint.Address"]}
    assert data["B"] == {"Fn::Sub": "${X}-y"}
    assert data["C"] == {"Fn::If": ["IsSet", {"Ref": "Y"}, {"Ref": "AWS::NoValue"}]}


def test_resolve_evaluates_intrinsics_as_cloudformation_does(tmp_path):
    # Given a template with a parameter, a condition and intrinsics that use them
    path = tmp_path / "t.yaml"
    path.write_text(
        "Parameters: {Mode: {Type: String, Default: fast}}\n"
        "Conditions: {IsFast: !Equals [!Ref Mode, fast]}\n"
        "Value:\n"
        "  Name: !Sub '${AWS::StackName}-${Mode}'\n"
        "  Arn: !GetAtt Q.Arn\n"
        "  Extra: !If [IsFast, !Ref AWS::NoValue, slow]\n"
        "  List: [a, !If [IsFast, b, !Ref AWS::NoValue]]\n"
    )
    template = load_template(path)

    # When its value is resolved with the default and with another parameter value
    deployed = {"AWS::StackName": "s", "Q.Arn": "arn:q"}
    default = resolve(template["Value"], template, deployed)
    other = resolve(template["Value"], template, {**deployed, "Mode": "slow"})

    # Then Sub, GetAtt, If and NoValue behave as at deploy time
    assert default == {"Name": "s-fast", "Arn": "arn:q", "List": ["a", "b"]}
    assert other == {"Name": "s-slow", "Arn": "arn:q", "Extra": "slow", "List": ["a"]}


def test_routes_are_the_ones_the_contract_needs():
    # Given the HttpApi events, When they are read as the local runner reads them
    routes = http_routes(TEMPLATE)

    # Then every contract prefix is routed, once, to the function that owns it
    found = {(route.method, route.path, route.function) for route in routes}
    assert found == EXPECTED_ROUTES
    assert len(routes) == len(found)
    assert all(route.path.startswith("/api/") and not route.path.endswith("/") for route in routes)


def test_every_route_event_is_attached_to_the_http_api():
    for logical_id in API_FUNCTIONS:
        for event in FUNCTIONS[logical_id]["Events"].values():
            if event["Type"] == "HttpApi":
                assert event["Properties"]["ApiId"] == {"Ref": "HttpApi"}


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_function_handler_file_exists(logical_id):
    # Given a function's CodeUri and Handler (package.module.function)
    props = FUNCTIONS[logical_id]
    module, _ = props["Handler"].rsplit(".", 1)

    # When the handler module is looked up where Lambda will look for it
    path = ROOT / props["CodeUri"] / (module.replace(".", "/") + ".py")

    # Then it exists and defines the handler at module level
    assert path.is_file(), f"{logical_id}: {path.relative_to(ROOT)} is missing"
    source = path.read_text(encoding="utf-8")
    assert re.search(r"^(def lambda_handler\(|lambda_handler\s*=)", source, re.MULTILINE)


def test_runtime_is_python_312_or_newer_on_one_architecture():
    layer = RESOURCES["CommonLayer"]
    for logical_id, props in FUNCTIONS.items():
        major, minor = props["Runtime"].removeprefix("python").split(".")
        assert (int(major), int(minor)) >= (3, 12), logical_id
        assert props["Runtime"] in layer["Properties"]["CompatibleRuntimes"], logical_id
        assert props["Architectures"] == layer["Properties"]["CompatibleArchitectures"], logical_id
    assert layer["Metadata"]["BuildArchitecture"] in layer["Properties"]["CompatibleArchitectures"]


def test_common_layer_is_built_from_the_layer_folder():
    layer = RESOURCES["CommonLayer"]
    assert layer["Properties"]["ContentUri"].rstrip("/") == "layers/common"
    assert layer["Metadata"]["BuildMethod"] == FUNCTIONS["AuthFunction"]["Runtime"]
    assert (ROOT / "layers/common/requirements.txt").is_file()
    assert (ROOT / "layers/common/jobmatch/__init__.py").is_file()


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_function_uses_the_common_layer(logical_id):
    assert {"Ref": "CommonLayer"} in FUNCTIONS[logical_id]["Layers"]


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_function_logs_to_its_own_group_with_retention(logical_id):
    # Given the function's logging configuration
    group_ref = FUNCTIONS[logical_id]["LoggingConfig"]["LogGroup"]

    # Then it names a log group of this stack that expires
    group = RESOURCES[group_ref["Ref"]]
    assert group["Type"] == "AWS::Logs::LogGroup"
    assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    others = [FUNCTIONS[f]["LoggingConfig"]["LogGroup"] for f in FUNCTIONS if f != logical_id]
    assert group_ref not in others


def test_api_access_logs_and_throttling_are_on():
    api = RESOURCES["HttpApi"]["Properties"]
    group = api["AccessLogSettings"]["DestinationArn"]["Fn::GetAtt"][0]
    assert RESOURCES[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert "$context.requestId" in api["AccessLogSettings"]["Format"]
    assert "authorization" not in api["AccessLogSettings"]["Format"].lower()
    assert set(api["DefaultRouteSettings"]) == {"ThrottlingBurstLimit", "ThrottlingRateLimit"}


def test_cors_allows_the_headers_clients_need():
    cors = RESOURCES["HttpApi"]["Properties"]["CorsConfiguration"]
    assert cors["AllowOrigins"] == {"Ref": "AllowedOrigins"}
    assert {"Authorization", "Content-Type"} <= set(cors["AllowHeaders"])
    assert {"X-Total-Count", "Link", "Retry-After"} <= set(cors["ExposeHeaders"])
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= set(cors["AllowMethods"])


def test_api_functions_answer_within_the_http_api_timeout():
    # HTTP API gives up on an integration after 30 s.
    for logical_id in API_FUNCTIONS:
        assert FUNCTIONS[logical_id]["Timeout"] <= 29, logical_id


def test_cv_bucket_is_private_and_encrypted():
    bucket = RESOURCES["CvBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"][key] is True for key in (
        "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))  # fmt: skip
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    [rule] = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    rules = bucket["LifecycleConfiguration"]["Rules"]
    assert any("AbortIncompleteMultipartUpload" in rule for rule in rules)


def test_cv_bucket_refuses_plain_http():
    policy = RESOURCES["CvBucketPolicy"]["Properties"]
    assert policy["Bucket"] == {"Ref": "CvBucket"}
    denials = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Deny"]
    plain_http = {"Bool": {"aws:SecureTransport": "false"}}
    assert any(s["Condition"] == plain_http and s["Action"] == "s3:*" for s in denials)


def test_new_cv_files_are_queued_for_ingestion():
    # Given the bucket notification and the queue policy
    bucket = RESOURCES["CvBucket"]
    [notification] = bucket["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    queue_policy = RESOURCES["CvIngestQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0]

    # Then files created under cvs/ go to the ingest queue
    assert notification["Event"].startswith("s3:ObjectCreated:")
    assert notification["Queue"] == {"Fn::GetAtt": ["CvIngestQueue", "Arn"]}
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "cvs/"}]
    # And the queue trusts exactly that bucket, which exists only after the policy does
    source = queue_policy["Condition"]["ArnEquals"]["aws:SourceArn"]["Fn::Sub"]
    assert source.endswith(":s3:::" + bucket["Properties"]["BucketName"]["Fn::Sub"])
    assert queue_policy["Principal"] == {"Service": "s3.amazonaws.com"}
    assert bucket["DependsOn"] == "CvIngestQueuePolicy"


def test_ingest_queue_has_a_dead_letter_queue_and_an_alarm():
    queue = RESOURCES["CvIngestQueue"]["Properties"]
    dlq = RESOURCES["CvIngestDLQ"]["Properties"]
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["CvIngestDLQ", "Arn"]},
        "maxReceiveCount": 5,
    }
    assert dlq["MessageRetentionPeriod"] == 14 * 24 * 3600
    assert queue["SqsManagedSseEnabled"] and dlq["SqsManagedSseEnabled"]
    alarms = [r["Properties"] for r in RESOURCES.values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    dlq_name = {"Fn::GetAtt": ["CvIngestDLQ", "QueueName"]}
    assert any(alarm["Dimensions"][0]["Value"] == dlq_name for alarm in alarms)


def test_ingest_consumes_batches_with_partial_failures():
    # Given the ingest function's SQS event
    ingest = FUNCTIONS["IngestFunction"]
    [sqs] = [event["Properties"] for event in ingest["Events"].values() if event["Type"] == "SQS"]

    # Then failures are reported per record, and a message stays hidden longer than a retry takes
    assert sqs["Queue"] == {"Fn::GetAtt": ["CvIngestQueue", "Arn"]}
    assert sqs["BatchSize"] == 10
    assert sqs["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    visibility = RESOURCES["CvIngestQueue"]["Properties"]["VisibilityTimeout"]
    assert visibility >= 6 * ingest["Timeout"] + sqs["MaximumBatchingWindowInSeconds"]


def test_pending_embeddings_are_swept_on_a_schedule():
    events = FUNCTIONS["IngestFunction"]["Events"].values()
    [schedule] = [event["Properties"] for event in events if event["Type"] == "Schedule"]
    assert schedule["Schedule"].startswith("rate(")
    assert json.loads(schedule["Input"]) == {"task": "sweep"}


def test_database_is_private_encrypted_and_reached_through_a_tls_proxy():
    db = RESOURCES["Database"]
    assert db["DeletionPolicy"] == "Snapshot"
    assert db["Properties"]["Engine"] == "postgres"
    assert db["Properties"]["StorageEncrypted"] is True
    assert db["Properties"]["PubliclyAccessible"] is False
    assert "{{resolve:secretsmanager:" in db["Properties"]["MasterUserPassword"]["Fn::Sub"]
    proxy = RESOURCES["DbProxy"]["Properties"]
    assert proxy["RequireTLS"] is True
    assert proxy["Auth"][0]["SecretArn"] == {"Ref": "DbSecret"}
    assert TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]["DB_HOST"] == {
        "Fn::GetAtt": ["DbProxy", "Endpoint"]
    }


def test_database_accepts_connections_from_the_proxy_only():
    [ingress] = RESOURCES["DbSecurityGroup"]["Properties"]["SecurityGroupIngress"]
    assert ingress["SourceSecurityGroupId"] == {"Fn::GetAtt": ["ProxySecurityGroup", "GroupId"]}
    assert (ingress["FromPort"], ingress["ToPort"]) == (5432, 5432)
    [proxy_ingress] = RESOURCES["ProxySecurityGroup"]["Properties"]["SecurityGroupIngress"]
    lambda_group = {"Fn::GetAtt": ["LambdaSecurityGroup", "GroupId"]}
    assert proxy_ingress["SourceSecurityGroupId"] == lambda_group


def test_environment_names_are_settings_the_code_reads():
    # Given every environment variable the template sets
    known = {name.upper() for name in Settings.model_fields} | {"LOG_LEVEL"}
    POWERTOOLS = "POWERTOOLS_"
    for logical_id in FUNCTIONS:
        env = function_environment(TEMPLATE, logical_id)

        # Then each is a Settings field or a Powertools setting, never a typo the code ignores
        unknown = {name for name in env if name not in known and not name.startswith(POWERTOOLS)}
        assert not unknown, f"{logical_id}: {unknown}"
        assert env["POWERTOOLS_SERVICE_NAME"], logical_id


# Sample values for what CloudFormation fills in at deploy time.
SECRETS = "arn:aws:secretsmanager:eu-west-1:123456789012:secret"
DEPLOYED = {
    "AWS::Region": "eu-west-1",
    "AWS::AccountId": "123456789012",
    "AWS::StackName": "jobmatch-prod",
    "DbSecret": f"{SECRETS}:db",
    "DbProxy.Endpoint": "proxy.example",
    "JwtSigningKeySecret": f"{SECRETS}:jwt",
    "AiApiKeySecret": f"{SECRETS}:ai",
    "CvBucket": "jobmatch-prod-cvs-123456789012",
}


@pytest.mark.parametrize(
    ("embedder", "chat"),
    [(None, None), ("bedrock", "bedrock"), ("openai", "openai"), ("hash", "bedrock")],
)
def test_environment_is_a_valid_aws_configuration(embedder, chat):
    # Given the parameters of a deploy (None = the template's default)
    chosen = {"EmbedderProvider": embedder, "ChatEngine": chat}
    values = {**DEPLOYED, **{name: value for name, value in chosen.items() if value}}

    # When the code reads the environment each function gets
    for logical_id in FUNCTIONS:
        settings = load_settings(resolved_environment(TEMPLATE, logical_id, values))

        # Then it is a complete AWS configuration, naming a model exactly when a provider needs one
        assert settings.app_env == "aws"
        assert settings.db_host == DEPLOYED["DbProxy.Endpoint"]
        assert settings.db_secret_arn == DEPLOYED["DbSecret"]
        assert settings.jwt_secret_arn == DEPLOYED["JwtSigningKeySecret"]
        assert (settings.embedding_model is None) == (settings.embedder == "hash")
        assert (settings.chat_model is None) == (settings.chat_engine == "offline")
        assert settings.embedder == (embedder or PARAMETERS["EmbedderProvider"]["Default"])


def test_provider_choices_are_the_ones_the_code_knows():
    fields = Settings.model_fields
    assert set(PARAMETERS["EmbedderProvider"]["AllowedValues"]) == set(get_args(fields["embedder"].annotation))
    assert set(PARAMETERS["ChatEngine"]["AllowedValues"]) == set(get_args(fields["chat_engine"].annotation))


DB_SECRET = '{"SecretArn": {"Ref": "DbSecret"}}'
JWT_SECRET = '{"SecretArn": {"Ref": "JwtSigningKeySecret"}}'
INVOKE = "bedrock:InvokeModel"


def _policy_statements(policies: list) -> list[tuple[set[str], str]]:
    """(actions, resource as JSON) of every policy item, taking the true branch of a Fn::If."""
    found = []
    for item in policies:
        if "Fn::If" in item:
            item = item["Fn::If"][1]
        if "AWSSecretsManagerGetSecretValuePolicy" in item:
            secret = json.dumps(item["AWSSecretsManagerGetSecretValuePolicy"])
            found.append(({"secretsmanager:GetSecretValue"}, secret))
            continue
        assert set(item) == {"Statement"}, f"unexpected policy item {item}"
        for statement in item["Statement"]:
            actions = statement["Action"]
            actions = actions if isinstance(actions, list) else [actions]
            found.append((set(actions), json.dumps(statement["Resource"])))
    return found


def _grants(logical_id: str) -> dict[str, set[str]]:
    grants: dict[str, set[str]] = {}
    for actions, resource in _policy_statements(FUNCTIONS[logical_id]["Policies"]):
        for action in actions:
            grants.setdefault(action, set()).add(resource)
    return grants


def test_no_function_is_granted_wildcards():
    for logical_id in FUNCTIONS:
        for action, resources in _grants(logical_id).items():
            assert "*" not in action, f"{logical_id}: {action}"
            assert '"*"' not in resources, f"{logical_id}: {action} on *"


def test_api_functions_read_the_database_and_signing_key_secrets():
    for logical_id in API_FUNCTIONS:
        secrets = _grants(logical_id)["secretsmanager:GetSecretValue"]
        assert {DB_SECRET, JWT_SECRET} <= secrets


def test_each_function_gets_only_what_it_uses():
    cv_files = '{"Fn::Sub": "${CvBucket.Arn}/cvs/*"}'
    expected_s3 = {
        # Export links (GetObject) and account deletion (List + Delete under the user's prefix).
        "AuthFunction": {"s3:GetObject", "s3:DeleteObject", "s3:ListBucket"},
        "CatalogFunction": {"s3:DeleteObject", "s3:ListBucket"},
        "RagFunction": {"s3:PutObject", "s3:GetObject", "s3:DeleteObject"},
        "InterviewFunction": set(),
        "AdvisorFunction": set(),
        "IngestFunction": {"s3:GetObject", "s3:DeleteObject", "s3:ListBucket"},
        "MigrateFunction": set(),
    }
    for logical_id, s3_actions in expected_s3.items():
        grants = _grants(logical_id)
        assert {a for a in grants if a.startswith("s3:")} == s3_actions, logical_id
        assert all(grants[a] == {cv_files} for a in s3_actions if a != "s3:ListBucket"), logical_id
    assert INVOKE not in _grants("AuthFunction")
    assert INVOKE not in _grants("MigrateFunction")
    assert _grants("MigrateFunction") == {"secretsmanager:GetSecretValue": {DB_SECRET}}
    assert JWT_SECRET not in _grants("IngestFunction")["secretsmanager:GetSecretValue"]
    for logical_id in ("InterviewFunction", "AdvisorFunction", "RagFunction"):
        assert any("ChatModelId" in model for model in _grants(logical_id)[INVOKE]), logical_id
    for logical_id in ("CatalogFunction", "RagFunction", "IngestFunction"):
        assert any("EmbeddingModelId" in model for model in _grants(logical_id)[INVOKE]), logical_id


def test_outputs_tell_the_operator_what_was_made():
    assert {
        "ApiUrl",
        "CvBucketName",
        "CvIngestQueueUrl",
        "CvIngestDLQUrl",
        "ProxyEndpoint",
        "MigrateFunctionName",
    } <= set(TEMPLATE["Outputs"])


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (ROOT / "events").glob("*.json") if "routeKey" in p.read_text())
)
def test_sample_http_event_matches_a_template_route(name):
    # Given a sample API Gateway payload 2.0 event
    event = json.loads((ROOT / "events" / name).read_text())

    # Then its route exists in the template and its path fits the route
    method, path = event["routeKey"].split(" ", 1)
    assert (method, path) in {(r.method, r.path) for r in http_routes(TEMPLATE)}
    assert event["version"] == "2.0" and event["requestContext"]["routeKey"] == event["routeKey"]
    assert event["rawPath"] == event["requestContext"]["http"]["path"]
    prefix = path.removesuffix("{proxy+}")
    assert event["rawPath"].startswith(prefix)
    if path.endswith("{proxy+}"):
        assert event["rawPath"] == prefix + event["pathParameters"]["proxy"]


def test_sample_sqs_event_wraps_an_s3_notification_the_bucket_sends():
    # Given the sample SQS batch
    records = json.loads((ROOT / "events" / "sqs-cv-uploaded.json").read_text())["Records"]
    bodies = [json.loads(record["body"]) for record in records]

    # Then it holds an ObjectCreated notification for cvs/<user>/<cv>/<file>, URL-encoded as S3 sends it
    notifications = [record for body in bodies for record in body.get("Records", [])]
    created = [record for record in notifications if record["eventName"].startswith("ObjectCreated")]
    key = created[0]["s3"]["object"]["key"]
    assert key.startswith("cvs/") and len(unquote_plus(key).split("/")) == 4
    assert unquote_plus(key) != key
    assert all(record["eventSource"] == "aws:sqs" for record in records)
