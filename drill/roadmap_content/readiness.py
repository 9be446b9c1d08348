"""Which cards practise each skill-matrix row, for readiness (drill/stats.py). Interview stages
name their decks in part B. A row with no material here (or none in the user's decks) shows
"no material" rather than a score.

Decks are named by title; tags are the bundled decks' tags (decks/README.md lists them).
"""

from __future__ import annotations

from drill.roadmap_content.part_b import (
    BEHAVIOURAL,
    CODING,
    DEEP_LEARNING,
    LLM_SYSTEMS,
    ML_FUNDAMENTALS,
    MLOPS_LLMS,
    SYSTEM_DESIGN,
)
from drill.roadmap_types import Material, SkillMaterial

SKILL_MATERIAL: tuple[SkillMaterial, ...] = (
    SkillMaterial("Programming", Material(decks=(CODING,))),
    SkillMaterial("Math/Stats", Material(tags=(
        "statistics", "ab-testing", "experimentation", "causal-inference", "bias-variance",
        "dimensionality-reduction", "pca", "loss-functions", "backpropagation"))),
    SkillMaterial("ML Algorithms", Material(decks=(ML_FUNDAMENTALS, DEEP_LEARNING))),
    SkillMaterial("Software Eng", Material(decks=(SYSTEM_DESIGN,), tags=("testing",))),
    SkillMaterial("DevOps", Material(decks=(MLOPS_LLMS,))),
    SkillMaterial("Communication", Material(decks=(BEHAVIOURAL,))),
    SkillMaterial("Research", Material(tags=(
        "architectures", "generative-models", "efficient-training", "training-stability"))),
    # Domain knowledge depends on the role; the bundled decks hold it only for CV and NLP/LLM.
    SkillMaterial("Domain Specific", Material(), by_role={
        "computer-vision": Material(tags=("cnn", "object-detection", "data-augmentation",
                                          "resnet", "case-visual-search")),
        "nlp-llm": Material(decks=(LLM_SYSTEMS,),
                            tags=("nlp", "transformers", "attention", "language-models", "llm",
                                  "rag", "embeddings")),
    }),
)
