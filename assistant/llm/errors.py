"""Turn whatever a provider SDK raised into a `ProviderError` that says what to check.

LangChain integrations raise `langchain_core.exceptions.Model*Error` subclasses (the same
condition maps to the same type whatever the provider); for integrations that do not yet,
the HTTP status code and the exception's type name decide. Messages never quote the
provider's own error text, which can echo part of a key; it is logged at debug level only.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from langchain_core import exceptions as lc

from assistant.errors import ProviderError
from assistant.llm.models import KEY_VARIABLES, URL_VARIABLES, ModelSpec

log = logging.getLogger(__name__)

FALLBACK_HINT = "or set SENDPLAN_LLM_FALLBACK=extractive to answer from the documents alone"

# (langchain type, kind), most specific first: timeouts are also connection errors.
_LANGCHAIN_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (lc.ModelTimeoutError, "timeout"),
    (lc.ModelConnectionError, "connection"),
    (lc.ModelAuthenticationError, "auth"),
    (lc.ModelPermissionDeniedError, "auth"),
    (lc.ModelRateLimitError, "rate_limit"),
    (lc.ContextOverflowError, "too_long"),
    (lc.ModelNotFoundError, "not_found"),
    (lc.ModelInvalidRequestError, "bad_request"),
    (lc.ModelAPIError, "server"),
)


def classify(exc: BaseException) -> str:
    """One of: timeout, connection, auth, rate_limit, too_long, not_found, bad_request,
    server, error."""
    for exc_type, kind in _LANGCHAIN_KINDS:
        if isinstance(exc, exc_type):
            return kind
    status = status_code(exc)
    if status is not None:
        return _kind_for_status(status)
    names = " ".join(cls.__name__.lower() for cls in type(exc).__mro__)
    if isinstance(exc, TimeoutError) or "timeout" in names:
        return "timeout"
    if isinstance(exc, ConnectionError) or "connect" in names:
        return "connection"
    return "error"


def _kind_for_status(status: int) -> str:
    if status in (401, 403):
        return "auth"
    if status == 429:
        return "rate_limit"
    if status == 404:
        return "not_found"
    if status >= 500:
        return "server"
    return "bad_request" if 400 <= status < 500 else "error"


def status_code(exc: BaseException) -> int | None:
    value = getattr(exc, "status_code", None)
    return value if isinstance(value, int) else None


def endpoint(exc: BaseException) -> str | None:
    """scheme://host:port of the failed request, when the exception carries it (no path,
    query or user info, so nothing secret)."""
    try:
        url = str(exc.request.url)  # type: ignore[attr-defined]
    except Exception:  # httpx raises RuntimeError when no request is attached
        return None
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def provider_error(exc: BaseException, spec: ModelSpec) -> ProviderError:
    """A ProviderError naming the provider, what went wrong and what to check."""
    kind = classify(exc)
    log.debug("%s failed (%s): %s", spec.name, type(exc).__name__, exc)
    status, where = status_code(exc), endpoint(exc)
    details = [f"HTTP {status}"] if status is not None else []
    details.append(f"model {spec.model}")
    details += [f"endpoint {where}"] if where else []
    what, check = _advice(kind, spec)
    message = f"The LLM provider {spec.provider!r} {what} ({', '.join(details)}). {check}"
    return ProviderError(message, provider=spec.provider, kind=kind)


def _advice(kind: str, spec: ModelSpec) -> tuple[str, str]:
    key = KEY_VARIABLES.get(spec.provider, f"the {spec.provider} API key")
    url = URL_VARIABLES.get(spec.provider, "the provider's endpoint setting")
    advice = {
        "timeout": (
            "did not answer in time",
            f"Try again, raise SENDPLAN_LLM_TIMEOUT (seconds), {FALLBACK_HINT}.",
        ),
        "connection": (
            "could not be reached",
            f"Check your network and {url}, {FALLBACK_HINT}.",
        ),
        "auth": (
            "rejected the credentials",
            f"Check that {key} is set to a valid key with access to this model.",
        ),
        "rate_limit": (
            "is rate limiting requests or the quota is used up",
            f"Wait a minute and try again, check the account's quota, {FALLBACK_HINT}.",
        ),
        "too_long": (
            "says the question and sources are too long for the model",
            "Lower SENDPLAN_TOP_K or choose a model with a larger context window.",
        ),
        "not_found": (
            "does not know the model",
            f"Check the model name in SENDPLAN_LLM and {url}.",
        ),
        "bad_request": (
            "rejected the request",
            "Check that the model in SENDPLAN_LLM supports chat and SENDPLAN_LLM_TEMPERATURE; "
            "run with -v to see the provider's reply.",
        ),
        "server": (
            "had a server error",
            f"This is usually temporary: try again shortly, {FALLBACK_HINT}.",
        ),
    }
    return advice.get(
        kind,
        ("failed unexpectedly", f"Run with -v to see the provider's reply, {FALLBACK_HINT}."),
    )
