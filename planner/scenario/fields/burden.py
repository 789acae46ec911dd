"""The burden-sharing key and the fairness rule."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from planner.scenario.fields.common import Strict
from planner.scenario.vocabulary import (
    BURDEN_FACES,
    DEFAULT_KEY_BASIS,
    FAIRNESS_MODES,
    KEY_BASES,
    KEY_COMPONENTS,
    KEY_METHODS,
    UN_KEY_METHODS,
)


class Fairness(Strict):
    """Burden-sharing rule: each member's share stays near its key share."""

    mode: Literal[FAIRNESS_MODES] = Field(
        description="band: every share within +-tolerance of its key share; minimax: least largest relative "
                    "deviation, then cost; leximin: the worst-treated member first, then the next...; "
                    "gini: Gini of share/key ratios at most gini_max; off: no fairness rule")
    tolerance: float = Field(ge=0.0, le=1.0, description="band: relative half-width of the band")
    gini_max: float = Field(ge=0.0, le=1.0, description="gini: largest Gini of share/key ratios")
    leximin_rounds: int = Field(
        ge=1, le=1000, description="leximin: how many worst-treated positions are optimised in turn")
    apply_to: list[Literal[BURDEN_FACES]] = Field(description="burden faces the rule applies to")
    personnel: Literal["keyed", "volunteer"] = Field(
        default="keyed", description="keyed: troops are held to the (personnel) key; volunteer: troops are "
                                     "volunteered and only money is held to the key (personnel leaves apply_to)")

    @model_validator(mode="before")
    @classmethod
    def _volunteered_troops(cls, value):
        """Volunteered troops are not a burden face the rule measures, whatever apply_to inherited."""
        faces = value.get("apply_to") if isinstance(value, dict) else None
        if isinstance(faces, list) and value.get("personnel") == "volunteer":
            value = {**value, "apply_to": [face for face in faces if face != "personnel"]}
        return value

    @field_validator("mode", mode="before")
    @classmethod
    def _off_is_a_word(cls, value):
        """YAML 1.1 reads a bare `off` as false; here it means the mode "off"."""
        return "off" if value is False else value


class KeyOverride(Strict):
    """A negotiated adjustment for one member, applied after the method."""

    share: float | None = Field(default=None, ge=0.0, le=1.0, description="fixed share")
    cap: float | None = Field(default=None, ge=0.0, le=1.0, description="largest share")
    discount: float | None = Field(default=None, ge=0.0, le=1.0, description="share reduced by this fraction")


class Key(Strict):
    """The burden-sharing key."""

    method: Literal[KEY_METHODS]
    weights: dict[str, float] = Field(
        default_factory=dict, description="mix: weights over gdp, gni, population, milex, armed_forces")
    overrides: dict[str, KeyOverride] = Field(default_factory=dict, description="ISO3 -> share, cap or discount")
    basis: Literal[KEY_BASES] | None = Field(
        default=None, description="un, un_peacekeeping (default world): world computes the scale over all UN "
                                  "members and rebases it to the members; members computes it over the members alone")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value):
        """`key: un` and `key: {gni: 0.5, population: 0.5}` are shorthands; a UN key's basis is world
        unless given, so the resolved scenario says which scale it used."""
        if isinstance(value, str):
            value = {"method": value}
        elif isinstance(value, dict) and "method" not in value:
            if "basis" in value:   # key.basis=members set on `key: un` replaces the whole key
                raise ValueError(f"a basis needs its method: key: {{method: un, basis: {value['basis']}}} "
                                 f"({', '.join(UN_KEY_METHODS)})")
            if value and set(value) <= {"weights", "overrides"}:   # key.weights.gdp=0.5 set on a bare key
                return {"method": "mix", **value}
            return {"method": "mix", "weights": value}
        if isinstance(value, dict) and value.get("method") in UN_KEY_METHODS and value.get("basis") is None:
            value = {**value, "basis": DEFAULT_KEY_BASIS}
        return value

    @field_validator("weights")
    @classmethod
    def _key_weights(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(KEY_COMPONENTS))
        if unknown:
            raise ValueError(f"unknown key component {unknown[0]!r} (known: {', '.join(KEY_COMPONENTS)})")
        if value and (any(w < 0 for w in value.values()) or sum(value.values()) <= 0):
            raise ValueError("weights must be >= 0 with a positive sum")
        return value

    @field_validator("basis")
    @classmethod
    def _basis_is_for_un_keys(cls, value: str | None, info: ValidationInfo) -> str | None:
        method = info.data.get("method")   # absent when the method itself was invalid
        if value is not None and method is not None and method not in UN_KEY_METHODS:
            raise ValueError(f"method {method} is computed over the members and takes no basis "
                             f"(only {', '.join(UN_KEY_METHODS)} do)")
        return value

    @model_validator(mode="after")
    def _mix_needs_weights(self):
        if self.method == "mix" and not self.weights:
            raise ValueError("method mix needs weights")
        return self
