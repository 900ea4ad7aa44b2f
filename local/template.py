"""Read `template.yaml`: its CloudFormation short tags, HTTP API routes and function settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml

Template = dict[str, Any]
Values = dict[str, Any]


class Route(NamedTuple):
    """One HttpApi event of a function: what the local runner needs to dispatch a request."""

    method: str
    path: str
    function: str
    handler: str
    code_uri: str


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that turns `!Ref`, `!Sub`, `!GetAtt`... into their long JSON form."""


def _construct_tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref" or suffix == "Condition":
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: str | Path) -> dict[str, Any]:
    """The template as plain data, intrinsics in their long form (`{"Fn::Sub": ...}`)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - a SafeLoader: plain data only


def functions(template: Template) -> dict[str, dict[str, Any]]:
    """Logical id -> Properties of each AWS::Serverless::Function, over the Globals."""
    defaults = template.get("Globals", {}).get("Function", {})
    found = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == "AWS::Serverless::Function":
            found[logical_id] = {**defaults, **resource.get("Properties", {})}
    return found


def function_environment(template: Template, logical_id: str) -> dict[str, Any]:
    """A function's environment variables, its own over the Globals' (as SAM merges them)."""
    shared = template.get("Globals", {}).get("Function", {})
    own = template["Resources"][logical_id].get("Properties", {})
    return {**_variables(shared), **_variables(own)}


def _variables(props: dict[str, Any]) -> dict[str, Any]:
    return props.get("Environment", {}).get("Variables", {})


def http_routes(template: Template) -> list[Route]:
    """Every `Type: HttpApi` event as (method, path, function logical id, handler, code uri)."""
    routes = []
    for logical_id, props in functions(template).items():
        for event in props.get("Events", {}).values():
            if event.get("Type") == "HttpApi":
                spec = event["Properties"]
                method = spec["Method"].upper()
                routes.append(Route(method, spec["Path"], logical_id, props["Handler"], props["CodeUri"]))
    return routes


NO_VALUE = object()
"""What `!Ref AWS::NoValue` resolves to: the caller drops the key that holds it."""


def resolve(node: Any, template: Template, values: Values) -> Any:
    """Evaluate intrinsics: `values` answers Refs and GetAtts ("Res.Attr"), else parameter defaults."""
    if isinstance(node, list):
        items = (resolve(item, template, values) for item in node)
        return [item for item in items if item is not NO_VALUE]
    if not isinstance(node, dict):
        return node
    if len(node) == 1 and next(iter(node)) in _INTRINSICS:
        ((name, arg),) = node.items()
        return _INTRINSICS[name](arg, template, values)
    resolved = {key: resolve(value, template, values) for key, value in node.items()}
    return {key: value for key, value in resolved.items() if value is not NO_VALUE}


def _ref(name: str, template: Template, values: Values) -> Any:
    if name == "AWS::NoValue":
        return NO_VALUE
    if name in values:
        return values[name]
    parameter = template.get("Parameters", {}).get(name, {})
    if "Default" in parameter:
        default = str(parameter["Default"])
        return default.split(",") if parameter["Type"] == "CommaDelimitedList" else default
    raise KeyError(f"no value for Ref {name}")


def _get_att(arg: list[str], template: Template, values: Values) -> Any:
    return values[".".join(arg)]


def _sub(arg: str | list, template: Template, values: Values) -> str:
    text, local = (arg, {}) if isinstance(arg, str) else (arg[0], resolve(arg[1], template, values))

    def lookup(match: re.Match) -> str:
        key = match.group(1)
        if key in local:
            return str(local[key])
        if "." in key:
            return str(_get_att(key.split("."), template, values))
        return str(_ref(key, template, values))

    return re.sub(r"\$\{([^}!]+)\}", lookup, text)


def _condition(name: str, template: Template, values: Values) -> bool:
    return bool(resolve(template["Conditions"][name], template, values))


def _if(arg: list, template: Template, values: Values) -> Any:
    return resolve(arg[1] if _condition(arg[0], template, values) else arg[2], template, values)


_INTRINSICS = {
    "Ref": _ref,
    "Fn::GetAtt": _get_att,
    "Fn::Sub": _sub,
    "Fn::If": _if,
    "Condition": _condition,
    "Fn::Join": lambda arg, t, v: arg[0].join(str(x) for x in resolve(arg[1], t, v)),
    "Fn::Equals": lambda arg, t, v: resolve(arg[0], t, v) == resolve(arg[1], t, v),
    "Fn::Not": lambda arg, t, v: not resolve(arg[0], t, v),
    "Fn::Or": lambda arg, t, v: any(resolve(x, t, v) for x in arg),
    "Fn::And": lambda arg, t, v: all(resolve(x, t, v) for x in arg),
}


def resolved_environment(template: Template, logical_id: str, values: Values) -> dict[str, str]:
    """A function's environment as Lambda gets it, given values for its Refs and GetAtts."""
    resolved = resolve(function_environment(template, logical_id), template, values)
    return {name: str(value) for name, value in resolved.items()}
