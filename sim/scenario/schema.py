"""The scenario schema (pydantic 2): every field a YAML scenario may set, with unit, default and range.

Loading, ``extends:``, overrides and error messages live in :mod:`sim.scenario.loading`; this file says only what
a valid scenario is. Field descriptions are the documentation: ``docs/scenarios.md`` is generated from them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from sim.decisions.lessons import LessonSpec
from sim.events import Event
from sim.submodels.ladder import MAX_LEVEL
from sim.rules import RuleSpec
from sim.rules.tit_for_tat import TitForTatParams
from sim.scenario.border import BorderForceSpec, LocalChannelSpec
from sim.scenario.closures import ReopeningSpec
from sim.scenario.decisions_block import DecisionsSpec
from sim.scenario.forcing_spec import ForcingSpec
from sim.scenario.posterior_block import Posterior
from sim.scenario.rivalry import HostilitySpec
from sim.scenario.limits import MAX_FIGHTERS, MAX_KILLED_PER_ACT
from sim.scenario.strict import Strict
from sim.submodels.standing import StandingSpec


class ActorSpec(Strict):
    """What both states share: a retaliation rule, perception and restraint."""

    rule: RuleSpec = Field(default_factory=TitForTatParams, description="retaliation rule and its parameters")
    initial_level: int = Field(0, ge=0, le=MAX_LEVEL, description="posture on day 0 (ladder level)")
    initial_grievance: float = Field(0.0, ge=0.0, description="grievance toward the other side on day 0")
    grievance_decay: float = Field(0.9, ge=0.0, le=1.0, description="share of grievance kept from one day to the next")
    hostility: HostilitySpec | None = Field(
        None, description="the slow part of grievance, kept for months and not reset by a truce (null: none; 7.1a)")
    attribution: float = Field(
        0.8, ge=0.0, le=1.0, description="probability of attributing the other side's unacknowledged act to it"
    )
    misperception: float = Field(
        0.05, ge=0.0, le=1.0, description="probability that a perceived level is off by one rung"
    )
    grievance_per_trade_lost: float = Field(
        0.0, ge=0.0, description="grievance a day per unit share of the map's trade lost to the other side's closures (7.1)")
    false_attribution: float = Field(
        0.0, ge=0.0, le=1.0, description="daily probability of blaming the other side for an act it did not commit (7.1)")
    false_attribution_level: int = Field(3, ge=1, le=MAX_LEVEL, description="rung of such a phantom act")
    civilian_outrage: float = Field(
        0.5, ge=0.0, description="grievance added per own civilian death claimed (grievance units per death)"
    )
    soldier_outrage: float = Field(
        0.0, ge=0.0, description="grievance added per own soldier killed in the other side's acts (grievance units per death)")
    cooldown_days: int = Field(3, ge=1, le=365, description="days without provocation for the posture to cool one level")
    max_step_up: int = Field(
        MAX_LEVEL, ge=1, le=MAX_LEVEL, description="rungs the posture can climb in one day (mobilisation speed)"
    )
    reaction_days: int = Field(
        0, ge=0, le=30, description="days between perceiving an act and deciding on it (decision and mobilisation time)"
    )
    reaction_days_by_rung: dict[int, int] | None = Field(
        None, description="days from deciding to acting, by the rung decided on (e.g. {4: 0, 5: 1, 6: 2}); rungs not "
                          "listed take reaction_days. null: every rung waits reaction_days, counted from perceiving (7.3)")
    max_level: int = Field(MAX_LEVEL, ge=0, le=MAX_LEVEL, description="highest rung this side will take")
    decisions: DecisionsSpec = Field(default_factory=DecisionsSpec,
                                     description="strategic decisions beside the rule (docs/ODD.md 7.3a)")
    lessons: LessonSpec | None = Field(None, description="lessons carried from crisis to crisis (docs/ODD.md 4.5; "
                                                         "null: none)")
    economic_sensitivity: float = Field(
        1.0, ge=0.0, description="restraint pressure per unit share of border trade lost (0-1)"
    )
    domestic_cost: float = Field(0.0, ge=0.0, description="constant restraint pressure from domestic costs of fighting")
    close_crossings_at: int | None = Field(
        5, ge=1, le=MAX_LEVEL, description="level received that makes this side close all trade crossings (null: never)"
    )
    reopen_partial_after_calm_days: int | None = Field(
        7, ge=0, description="calm days after which its closed crossings reopen partially (people only); null: never"
    )
    reopen_after_calm_days: int | None = Field(
        14, ge=0, description="calm days after which its closed crossings reopen fully; null: never"
    )
    reopen_on_ceasefire: bool = Field(True, description="whether a ceasefire reopens its crossings at once")
    reopening: ReopeningSpec | None = Field(
        None, description="reopening as a daily hazard (replaces the calm-day counters above; null: the counters; 7.11)")
    close_local_crossing_at: int | None = Field(
        None, ge=3, le=MAX_LEVEL, description="fire at or above this rung landing at a crossing's province closes that "
                                              "crossing (a local closure; null: never)")
    keep_crossings_open: bool = Field(
        False, description="never close crossings, whatever happens (its closure rung becomes a warning)"
    )
    border_force: BorderForceSpec | None = Field(
        None, description="its forces in each border province, answering fire in their sector (null: none; 7.9a)")

    @model_validator(mode="after")
    def _rungs_of_the_ladder(self):
        bad = sorted(r for r, d in (self.reaction_days_by_rung or {}).items() if not 1 <= r <= MAX_LEVEL or not 0 <= d <= 30)
        if bad:
            raise ValueError(f"reaction_days_by_rung maps rungs 1-{MAX_LEVEL} to 0-30 days; check rung(s) {bad}")
        return self

    @property
    def initial_hostility(self) -> float:
        """H on day 0: the ``hostility`` block's ``initial``, 0 without a block (docs/ODD.md, 7.1a)."""
        return self.hostility.initial if self.hostility else 0.0

    def delay_for(self, rung: int) -> int:
        """Days from deciding on ``rung`` to acting on it (``reaction_days_by_rung``, else ``reaction_days``)."""
        return (self.reaction_days_by_rung or {}).get(rung, self.reaction_days)


class PakistanSpec(ActorSpec):
    safe_haven_blame: float = Field(
        0.5, ge=0.0, le=1.0, description="weight with which Pakistan blames Kabul for TTP attacks"
    )
    counter_terror: float = Field(0.2, ge=0.0, le=1.0, description="counter-terror pressure: share of TTP attacks prevented")
    acknowledge_strikes: bool = Field(False, description="whether Pakistan owns its air and drone strikes")
    acknowledged_share: float | None = Field(
        None, ge=0.0, le=1.0, description="share of its strikes Pakistan owns, drawn strike by strike (the record's: "
                                          "some owned, some denied; docs/ODD.md 7.10); null: acknowledge_strikes")
    grievance_per_militant_death: float = Field(
        0.0, ge=0.0, description="grievance per Pakistani killed in a TTP attack, times safe_haven_blame (7.1)")
    city_weight: float = Field(1.0, ge=0.0, le=10.0,
                               description="multiplier on that grievance for an attack in a city (pk_interior province)")


class TalibanSpec(ActorSpec):
    ttp_restraint: float = Field(0.0, ge=0.0, le=1.0, description="how far Kabul restrains the TTP (0 = safe haven, 1 = full)")
    acknowledge_raids: bool = Field(True, description="whether Kabul owns its raids ('retaliatory operations')")


class Actors(Strict):
    pakistan: PakistanSpec = Field(default_factory=PakistanSpec, description="the Pakistani state")
    taliban: TalibanSpec = Field(default_factory=TalibanSpec, description="the Taliban administration")


class TTPCellSpec(Strict):
    name: str = Field(description="unique name of the cell")
    province: str = Field(description="province it sits in (usually an Afghan border province)")
    fighters: int = Field(ge=0, le=MAX_FIGHTERS, description="fighters in the cell")
    leaders: bool = Field(False, description="whether senior leaders are with it")
    propensity: float = Field(1.0, ge=0.0, le=10.0, description="multiplier on the base attack probability")


class AttackCasualties(Strict):
    pakistan_military: float = Field(1.0, ge=0.0, le=MAX_KILLED_PER_ACT, description="mean soldiers killed per attack (Poisson)")
    pakistan_civilian: float = Field(0.5, ge=0.0, le=MAX_KILLED_PER_ACT, description="mean civilians killed per attack (Poisson)")
    ttp: float = Field(1.0, ge=0.0, le=MAX_KILLED_PER_ACT, description="mean attackers killed per attack (Poisson)")
    dispersion: float | None = Field(
        None, gt=0.0, le=100.0, description="shape k of a gamma multiplier (mean 1) shared by an attack's draws: small k, "
                                            "most attacks kill few and a few kill many (heavy tail; 7.8). null: plain Poisson")


class TTPSpec(Strict):
    cells: list[TTPCellSpec] = Field(default_factory=list, description="the TTP cells at the start of a run")
    base_attack_probability: float = Field(
        0.02, ge=0.0, le=1.0, description="daily attack probability of a cell of 100 fighters with no restraint"
    )
    attack_level: int = Field(3, ge=1, le=MAX_LEVEL, description="rung at which Pakistan perceives a TTP attack")
    attack_casualties: AttackCasualties = Field(default_factory=AttackCasualties, description="killed per TTP attack")
    city_attack_probability: float = Field(
        0.0, ge=0.0, le=1.0, description="share of a cell's attacks aimed at the nearest Pakistani city (pk_interior) "
                                         "rather than the nearest border district")
    recruitment_rate: float = Field(0.002, ge=0.0, le=1.0, description="logistic growth rate of a cell per day")
    capacity: int = Field(2000, ge=1, le=MAX_FIGHTERS, description="carrying capacity of one cell (fighters)")
    harm_recruits: float = Field(0.5, ge=0.0, description="recruits per civilian killed in the cell's province")
    relocate_probability: float = Field(0.3, ge=0.0, le=1.0, description="chance a struck cell moves away")

    @model_validator(mode="after")
    def _unique_names(self):
        names = [c.name for c in self.cells]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"TTP cell names must be unique; repeated: {', '.join(dupes)}")
        return self


class Leverage(Strict):
    pakistan: float = Field(0.5, ge=0.0, le=1.0, description="leverage over Islamabad")
    taliban: float = Field(0.5, ge=0.0, le=1.0, description="leverage over Kabul")


class MediatorSpec(Strict):
    display_name: str = Field("", description="name shown in outputs (defaults to the key)")
    active: bool = Field(True, description="whether this mediator takes part at all")
    leverage: Leverage = Field(default_factory=Leverage, description="leverage over each side (0-1)")
    engage_at: int = Field(5, ge=1, le=MAX_LEVEL, description="highest level that makes it engage")
    engage_delay_days: int = Field(0, ge=0, description="days from that level to its first call for restraint")
    pressure: float = Field(0.5, ge=0.0, description="restraint pressure of its call while engaged")
    call_days: int = Field(7, ge=1, description="days a call for restraint keeps pressing")
    talks_after_days: int | None = Field(
        3, ge=0, description="days of persisting escalation after engaging before it hosts talks (null: never)"
    )
    talks_interval_days: int = Field(5, ge=1, description="days between ceasefire offers")
    ceasefire_days: int = Field(14, ge=1, description="length of the ceasefires it brokers")
    monitoring: float = Field(0.0, ge=0.0, le=1.0, description="share of breach attempts its monitoring deters")
    fatigue_per_day: float = Field(0.01, ge=0.0, le=1.0, description="fatigue gained each engaged day (pressure x (1 - fatigue))")
    fatigue_per_failed_talks: float = Field(
        0.0, ge=0.0, le=1.0, description="fatigue gained each time its talks fail (carried across rounds; 7.6)")
    initial_fatigue: float = Field(0.0, ge=0.0, le=1.0, description="fatigue on day 0 (e.g. from failed rounds before the run)")


class CeasefireSpec(Strict):
    accept_base: float = Field(-1.0, description="log-odds of accepting an offer with no pressure or grievance")
    accept_per_pressure: float = Field(1.0, ge=0.0, description="log-odds added per unit of restraint pressure")
    accept_per_fighting_day: float = Field(0.1, ge=0.0, description="log-odds added per day of fighting (level >= 3) so far")
    accept_per_grievance: float = Field(0.02, ge=0.0, description="log-odds removed per unit of grievance")
    breach_probability: float = Field(
        0.3, ge=0.0, le=1.0, description="daily chance that a side wanting to fight breaks an unmonitored ceasefire"
    )


CasualtyMean = Literal["target_military", "target_civilian", "own_military"]


class ActCasualties(Strict):
    target_military: float = Field(0.0, ge=0.0, le=MAX_KILLED_PER_ACT, description="mean soldiers of the target side killed per act (Poisson)")
    target_civilian: float = Field(0.0, ge=0.0, le=MAX_KILLED_PER_ACT, description="mean civilians of the target side killed per act (Poisson)")
    own_military: float = Field(0.0, ge=0.0, le=MAX_KILLED_PER_ACT, description="mean own soldiers killed per act (Poisson)")
    range: dict[CasualtyMean, tuple[float, float]] = Field(
        default_factory=dict, description="[low, high] the sources support for a mean, per act (7.10); the mean must lie inside")
    source: dict[CasualtyMean, str] = Field(
        default_factory=dict, description="which figures a mean and its range come from (facts files: outlet, date)")

    @model_validator(mode="after")
    def _means_inside_their_sourced_ranges(self):
        for key, (low, high) in self.range.items():
            if not 0 <= low <= high:
                raise ValueError(f"range of {key}: expected 0 <= low <= high; found [{low}, {high}]")
            if not low <= getattr(self, key) <= high:
                raise ValueError(f"{key} {getattr(self, key)} lies outside its sourced range [{low}, {high}]")
            if not self.source.get(key, "").strip():
                raise ValueError(f"range of {key} needs a source: say which figures it comes from")
        return self


class ActsCasualties(Strict):
    skirmish: ActCasualties = Field(ActCasualties(target_military=1.0, own_military=0.5), description="small-arms fire (level 3)")
    shelling: ActCasualties = Field(ActCasualties(target_military=2.0, target_civilian=1.0, own_military=1.0), description="artillery (level 4)")
    strike: ActCasualties = Field(ActCasualties(target_military=2.0, target_civilian=3.0), description="Pakistan's air strike (level 5), on top of its TTP losses; Taliban raids are fought out by Lanchester instead")
    deep_strike: ActCasualties = Field(ActCasualties(target_military=2.0, target_civilian=5.0), description="Pakistan's deep strike (level 6); the Taliban's level-6 operations are Lanchester raids")
    open_war: ActCasualties = Field(ActCasualties(target_military=30.0, target_civilian=20.0, own_military=25.0), description="open war (level 7), added to the level-6 act")


class CombatSpec(Strict):
    casualties: ActsCasualties = Field(default_factory=ActsCasualties, description="Poisson means of those killed per act, by rung")
    raid_party: int = Field(100, ge=1, description="attackers sent against one post")
    attacker_effectiveness: float = Field(1.0, gt=0.0, description="Lanchester alpha of raiders")
    defender_effectiveness: float = Field(2.0, gt=0.0, description="Lanchester beta of a post's garrison (fortified)")
    defender_killed_fraction: float = Field(0.1, ge=0.0, le=1.0, description="share of a garrison's losses killed")
    attacker_killed_fraction: float = Field(0.3, ge=0.0, le=1.0, description="share of raiders' losses killed")
    posts_per_raid: int = Field(3, ge=1, description="posts attacked in one province by a raid (level 5)")
    raid_provinces: int = Field(4, ge=1, description="provinces raided by coordinated operations (level 6)")
    rebuild_days: int = Field(10, ge=1, description="days to rebuild a destroyed or abandoned post")
    strike_ttp_kill_fraction: float = Field(0.05, ge=0.0, le=1.0, description="share of a struck cell's fighters killed")
    leader_kill_probability: float = Field(0.2, ge=0.0, le=1.0, description="chance a strike kills the TTP leaders present in the struck province")


class Scenario(Strict):
    """A complete scenario. Top-level fields."""

    name: str = Field(description="short identifier, used in outputs")
    description: str = Field("", description="what the scenario stands for")
    start_date: dt.date | None = Field(None, description="calendar date of day 0 (labels only)")
    days: int = Field(90, ge=1, le=3650, description="horizon of a run (days)")
    seed: int = Field(0, ge=0, description="default seed of a run (the command line's --seed overrides it)")
    geography: str = Field("durand_line", description="shipped map name (durand_line, classroom_map) or a path to a map YAML")
    restraint_pressure: float = Field(1.0, ge=0.0, le=10.0, description="global dial multiplying mediators' pressure")
    severity_base: float = Field(2.0, gt=1.0, le=4.0, description="severity ratio between consecutive rungs")
    mediator_standing: StandingSpec | None = Field(
        None, description="every mediator's standing with a side it let down when its ceasefire broke (docs/ODD.md "
                          "7.6a; null: never lost)")
    actors: Actors = Field(default_factory=Actors, description="the two states")
    ttp: TTPSpec = Field(default_factory=TTPSpec, description="TTP cells and their behaviour")
    mediators: dict[str, MediatorSpec] = Field(default_factory=dict, description="outside mediators, by key (e.g. qatar)")
    ceasefire: CeasefireSpec = Field(default_factory=CeasefireSpec, description="how ceasefires are accepted and breached")
    combat: CombatSpec = Field(default_factory=CombatSpec, description="raids, strikes and casualties")
    local_channel: LocalChannelSpec | None = Field(
        None, description="flag meetings, hotlines and jirgas that end local fighting (null: none; 7.5a)")
    events: list[Event] = Field(default_factory=list, description="scripted events, by day")
    forcing: ForcingSpec | None = Field(
        None, description="a record the run is forced by, and the weights of its kinds of rows (null: none; docs/history.md)")
    posterior: Posterior | None = Field(
        None, description="a calibration's posterior file: each run draws its parameter set from it by its seed "
                          "(null: the values above)")


def policy_update(actor: ActorSpec, updates: dict) -> dict:
    """An actor block after a ``policy_change``'s ``set``: nested blocks merge, a ``rule`` is replaced whole.

    Used both when a scenario is checked and when the change happens in a run, so the two always agree.
    """
    data = actor.model_dump()
    for key, value in updates.items():
        merge = isinstance(value, dict) and isinstance(data.get(key), dict) and key != "rule"
        data[key] = {**data[key], **value} if merge else value
    return data
