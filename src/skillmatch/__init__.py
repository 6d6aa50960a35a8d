"""skillmatch: the skills a person has and lacks for AI and cybersecurity jobs, and the
formations that close the gap.

The library is the product; the `skillmatch` command is one face of it::

    from skillmatch import load_referential, load_catalogue, Matcher, assess, recommend

    referential = load_referential()                  # the bundled referential
    matcher = Matcher(referential)                    # configure once, apply many
    results = matcher.match_many(["Python 3", "tests d'intrusion", "pyhton"])
    assessment = assess(referential, results, referential.find_profile("ia-B"))

Names are imported lazily, so `import skillmatch` costs nothing at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_referential": "skillmatch.referential",
    "bundled_dir": "skillmatch.referential",
    "load_catalogue": "skillmatch.catalogue",
    "default_catalogue_path": "skillmatch.catalogue",
    "Matcher": "skillmatch.matcher",
    "MatcherSettings": "skillmatch.matcher",
    "assess": "skillmatch.positioning",
    "position": "skillmatch.positioning",
    "gap": "skillmatch.positioning",
    "HeldSkills": "skillmatch.positioning",
    "recommend": "skillmatch.recommend",
    "gap_weights": "skillmatch.recommend",
    "BatchEngine": "skillmatch.batch",
    "process_frame": "skillmatch.batch",
    "frame_meta": "skillmatch.batch",
    "validate_path": "skillmatch.validation",
    "evaluate": "skillmatch.evaluation",
    "split_skills": "skillmatch.inputs",
    "Constraints": "skillmatch.model",
    "Objective": "skillmatch.model",
    "Referential": "skillmatch.model",
    "Catalogue": "skillmatch.model",
    "SkillmatchError": "skillmatch.errors",
    "DataFileError": "skillmatch.errors",
    "ExitStatus": "skillmatch.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'skillmatch' has no attribute {name!r}")
    return getattr(import_module(module), name)
