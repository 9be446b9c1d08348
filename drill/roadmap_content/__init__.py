"""The roadmap's content as typed records (types in drill/roadmap_types.py; read it through
drill.roadmap.load())."""

from drill.roadmap_content.part_a import MATRIX, PATHS, PORTFOLIO, ROLES
from drill.roadmap_content.part_b import (
    ACTION_PLAN,
    ADVANCEMENT,
    CONTINUOUS_LEARNING,
    FINAL_TIPS,
    INTERVIEW,
    JOB_SEARCH,
    LADDER,
    RESOURCES,
    SALARY,
)
from drill.roadmap_content.readiness import SKILL_MATERIAL
from drill.roadmap_types import Roadmap

ROADMAP = Roadmap(
    roles=ROLES,
    matrix=MATRIX,
    paths=PATHS,
    portfolio=PORTFOLIO,
    job_search=JOB_SEARCH,
    interview=INTERVIEW,
    ladder=LADDER,
    advancement=ADVANCEMENT,
    continuous_learning=CONTINUOUS_LEARNING,
    salary=SALARY,
    action_plan=ACTION_PLAN,
    resources=RESOURCES,
    final_tips=FINAL_TIPS,
    skill_material=SKILL_MATERIAL,
)
