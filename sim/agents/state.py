"""What both states share: perceive, decide, and hold a posture on the ladder (docs/ODD.md, 7.1-7.3, 7.9)."""

from __future__ import annotations

from collections import deque

from mesa import Agent
from pydantic import ValidationError

from sim.acts import Act
from sim.decisions import make_decisions
from sim.decisions.crisis_tracker import CrisisTracker
from sim.decisions.lessons import LessonStock
from sim.rules import Observation, make_rule
from sim.scenario.schema import policy_update
from sim.sides import Side
from sim.submodels.combat import draw_act_casualties
from sim.submodels.hostility import add, next_hostility
from sim.submodels.ladder import Level, act_name
from sim.submodels.perception import Perceived, perceive_acts, perceive_phantom
from sim.submodels.restraint import restrain, restraint_on


class StateActor(Agent):
    """A state on the ladder. Subclasses name their :class:`~sim.sides.Side` and say what their strikes do."""

    side: Side

    def __init__(self, model, spec, rng):
        super().__init__(model)
        self.spec = spec
        self.own_rng = rng
        self.rule = make_rule(spec.rule)
        self.level = spec.initial_level
        self.grievance = spec.initial_grievance
        self.hostility = spec.initial_hostility  # H of docs/ODD.md 7.1a
        self.perceived = Perceived()
        self.memory: deque = deque()  # (received, grievance) of past days, for a reaction delay
        self.orders: list[tuple[int, int]] = []  # (due day, rung) decided but not yet carried out (7.3)
        self.focus_row: int | None = None  # border segment of the last provocation
        self.days_quiet = 0
        self.intended: int | None = None
        self.advised: int | None = None  # the rule's act when a person plays this side (sim/player.py)
        self.restraint = 0.0  # R of docs/ODD.md 7.4: today's pressure for restraint on this side
        self.fighting_days = 0
        self.breached = False
        self.acted_today = 0  # level of a scripted act today, which holds the posture up
        self.decisions = make_decisions(spec)  # strategic decisions beside the rule (7.3a)
        self.decided: list[tuple[int, int]] = []  # (due day, rung) of their orders not yet carried out
        self.lessons = LessonStock(spec.lessons.initial if spec.lessons else 0.0)  # 4.5
        self.crisis = CrisisTracker()

    # --- step 3 (docs/ODD.md, 7.1) ----------------------------------------------------------------
    def perceive(self) -> None:
        m = self.model
        spec = self.spec
        p = perceive_acts(m.log.of(self.side.other.key, m.day - 1), spec, self.side.key, m.config.severity_base,
                          self.own_rng)
        if spec.false_attribution > 0:
            p = perceive_phantom(spec, m.config.severity_base, self.own_rng, p)
        if spec.grievance_per_trade_lost:  # without it the term is 0.0: skip the sum over crossings
            p.grievance_added += spec.grievance_per_trade_lost * m.world.trade_lost_share_by(self.side.other.key)
        from_state = p.grievance_added  # the other state's acts and closures, before the militants' (7.1a)
        self.perceived = self.extra_perception(p)
        self.grievance = spec.grievance_decay * self.grievance + self.perceived.grievance_added
        if spec.hostility is not None:
            self.hostility = next_hostility(spec.hostility, self.hostility, from_state)
            if spec.hostility.per_major_attack:  # militant attacks between crises (7.1a; Levin-Banchik 2021)
                self.hostility = add(spec.hostility, self.hostility,
                                     spec.hostility.per_major_attack * self.blamed_major_attacks())
        if self.perceived.row is not None:
            self.focus_row = self.perceived.row

    def extra_perception(self, p: Perceived) -> Perceived:
        return p

    def blamed_major_attacks(self) -> int:
        """Major militant attacks of today this side blames on the other (only Pakistan blames any)."""
        return 0

    @property
    def lesson_stock(self) -> float:
        """L today (docs/ODD.md 4.5): 0 without a ``lessons`` block."""
        spec = self.spec.lessons
        return self.lessons.at(self.model.day, spec.half_life_days) if spec else 0.0

    @property
    def lesson_logit(self) -> float:
        return self.spec.lessons.per_lesson if self.spec.lessons else 0.0

    @property
    def lesson_tilt(self) -> float:
        """Log-weight per rung a decision adds to its choice of rung today (4.5): ``rung_per_lesson`` x L."""
        spec = self.spec.lessons
        return spec.rung_per_lesson * self.lesson_stock if spec and spec.rung_per_lesson else 0.0

    def learn(self) -> None:
        """End of the day: the crisis tracker takes it in; on a review day the side draws its lesson (4.5)."""
        spec = self.spec.lessons
        if spec is None:
            return
        met = self.crisis.update(self.model, spec, self.side.key)
        if met is not None:
            self.lessons.learn(self.model.day, spec.half_life_days, met)
            self.model.log.note(self.model.day, self.side.key, "lesson",
                                "demand met" if met else "demand unmet", f"lesson stock {self.lesson_stock:.2f}")

    @property
    def felt_grievance(self) -> float:
        """What decisions weigh: the fast grievance and the slow hostility (docs/ODD.md, 7.1a)."""
        return self.grievance + self.hostility

    # --- step 4 (simultaneous: reads start-of-day state, writes only its own ``intended``; 3.2) -----
    def decide(self) -> None:
        m = self.model
        self.restraint = restraint_on(self.side.key, self.spec, m.config.restraint_pressure, m.mediators,
                                    m.world.trade_lost_share)
        for decision in self.decisions:  # most days a decision finds no trigger and draws nothing
            self.decided.extend(decision.orders(self, self.own_rng))
        self.intended, self.breached = self._rule_decision()
        if m.player is not None:  # a person plays a side: for that side the rule only advises
            m.player.steer(self)

    def _rule_decision(self) -> tuple[int | None, bool]:
        """The rule's rung, capped by ``max_step_up``, restrained and held by a ceasefire: (rung, breached)."""
        m = self.model
        spec = self.spec
        by_rung = spec.reaction_days_by_rung is not None
        received, grievance = self._recalled(0 if by_rung else spec.reaction_days)
        if spec.lessons is not None and spec.lessons.theta_per_lesson:  # a lesson moves the threshold (4.5)
            grievance += spec.lessons.theta_per_lesson * self.lesson_stock
        obs = Observation(received=received, grievance=grievance, level=self.level, day=m.day)
        proposal = self.rule.decide(obs, self.own_rng)
        if proposal is not None:
            proposal = min(proposal, self.level + spec.max_step_up, spec.max_level)
            proposal = restrain(proposal, self.restraint, self.own_rng)
        if by_rung:
            proposal = self._order(proposal)
        if self.decided:
            due = self._decided_due()
            if due is not None:
                proposal = due if proposal is None else max(proposal, due)
        if proposal is None:
            return None, False
        if m.ceasefire.active and proposal > Level.RHETORIC:
            if self.own_rng.random() < m.config.ceasefire.breach_probability * (1.0 - m.ceasefire.monitoring):
                return proposal, True
            proposal = int(Level.RHETORIC)
        return proposal, False

    def _order(self, proposal: int | None) -> int | None:
        """Decision time by rung (7.3): today's decision is carried out ``delay_for(rung)`` days later; today
        the side does the highest rung whose order falls due (None if none)."""
        if proposal is None and not self.orders:  # most days: nothing decided, nothing pending
            return None
        day = self.model.day
        if proposal is not None:
            self.orders.append((day + self.spec.delay_for(proposal), proposal))
        due = [rung for when, rung in self.orders if when <= day]
        self.orders = [(when, rung) for when, rung in self.orders if when > day]
        return max(due, default=None)

    def _decided_due(self) -> int | None:
        """The highest rung the strategic decisions ordered for today, capped at ``max_level`` (7.3a)."""
        day = self.model.day
        due = [rung for when, rung in self.decided if when <= day]
        if not due:
            return None
        self.decided = [(when, rung) for when, rung in self.decided if when > day]
        rung = min(max(due), self.spec.max_level)
        return rung if rung > Level.RHETORIC else None

    def _recalled(self, delay: int) -> tuple[int, float]:
        """What it perceived ``delay`` days ago (decisions take time); before that, nothing received."""
        self.memory.append((self.perceived.received, self.felt_grievance))
        while len(self.memory) > delay + 1:
            self.memory.popleft()
        if len(self.memory) <= delay:
            return 0, self.spec.initial_grievance + self.spec.initial_hostility
        return self.memory[0]

    def settle_posture(self) -> None:
        """After acting (or not): hold the level acted at, or cool one rung every ``cooldown_days`` quiet days."""
        acted = max(self.intended or 0, self.acted_today)
        if acted > 0:
            # acting below the posture cools it one rung, not down to the act's rung (docs/FINDINGS.md, 1)
            self.level = max(acted, self.level - 1) if self.intended else max(self.level, acted)
            self.days_quiet = 0
        else:
            self.days_quiet += 1
            if self.days_quiet % self.spec.cooldown_days == 0 and self.level > 0:
                self.level -= 1
        if self.model.ceasefire.active:
            self.level = min(self.level, int(Level.RHETORIC))
        if self.level >= Level.SKIRMISH:
            self.fighting_days += 1
        self.acted_today = 0

    # --- acts (docs/ODD.md, 7.9 and 7.10) ---------------------------------------------------------
    def act_name(self, level: int) -> str:
        return act_name(self.side.key, level)

    def carry_out(self, level: int, province: str | None = None, acknowledged: bool | None = None) -> Act:
        """Do the act of rung ``level`` (in ``province`` if given) and return it for the log.

        The lower rungs are alike for both sides; from ``strike`` up each side has its own means (``strike``).
        """
        m = self.model
        row = self.focus_row if self.focus_row is not None else m.world.default_row
        act = Act(m.day, self.side.key, self.act_name(level), level, row=row)
        if level <= Level.RHETORIC:
            return act
        if level == Level.CLOSURE:
            closed = [] if self.spec.keep_crossings_open else m.world.close_crossings_near(self.side.key, row, m.day)
            act.target = ", ".join(closed) or "crossings kept closed"
            return act
        if level <= Level.SHELLING:
            self.exchange_fire(act, level, province, row)
        else:
            self.strike(act, level, province, acknowledged)
        m.world.record_civilian_harm(act, self.side.other.group("civilian"))
        return act

    def exchange_fire(self, act: Act, level: int, province: str | None, row: int, rng=None) -> None:
        """Small arms or artillery across the Line, at the posts facing the provocation (or ``province``).

        Also what a border force does when it answers fire (``rng`` is then the force's own generator)."""
        world = self.model.world
        combat = self.model.config.combat
        target = world.provinces[province] if province else world.facing(world.nearest_border(self.side.country, row))[0]
        act.provinces, act.target, act.row = (target.name,), "border posts", target.row
        act.origin = act.origin or world.facing(target)[0].name
        draw_act_casualties(act, combat.casualties.skirmish if level == Level.SKIRMISH else combat.casualties.shelling,
                            rng or self.own_rng, self.side.other.people, self.side.people)
        if level == Level.SHELLING:
            world.destroy_post(target, act, combat.rebuild_days)

    def strike(self, act: Act, level: int, province: str | None, acknowledged: bool | None) -> None:
        raise NotImplementedError

    def owns_by_policy(self) -> bool:
        """Whether the side's policy owns its strikes or raids (a scripted one that does not say follows it, 7.10)."""
        raise NotImplementedError

    # --- scripted policy changes (docs/ODD.md, 7.12) ----------------------------------------------
    def set_policy(self, updates: dict) -> None:
        try:
            new = type(self.spec).model_validate(policy_update(self.spec, updates))
        except ValidationError as exc:  # validated at load time; reaching here is a bug
            raise RuntimeError(f"invalid policy change for {self.side.key}: {exc}") from exc
        if new.rule != self.spec.rule:
            self.rule = make_rule(new.rule)
        if new.decisions != self.spec.decisions:
            self.decisions = make_decisions(new)
        self.spec = new
