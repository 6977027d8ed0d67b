"""The insights records' own verbs. Call through the module: ``services.feedback_link(...)``.

The plain verbs of every insights kind (create, change, archive, restore) are the
workspace's, read from :mod:`tandem.insights.records`. Each verb here checks the
rights table, runs in one transaction, records an audit event and bumps the
record's ``version``.
"""

from .evidence import item_reach_from_demand, weights_update
from .feedback import (
    feedback_create_item,
    feedback_link,
    feedback_mark_duplicate,
    feedback_unlink,
)
from .ideas import idea_accept, idea_decline, idea_vote
from .imports import IMPORT_FIELDS, ImportPreview, feedback_import, feedback_import_preview
from .stakeholders import stakeholder_follow
from .survey_metrics import bindable_metrics, survey_question_bind
from .surveys import TooManyRequests, open_survey, respondent_token_issue, survey_answer

__all__ = [
    "IMPORT_FIELDS",
    "ImportPreview",
    "TooManyRequests",
    "bindable_metrics",
    "feedback_create_item",
    "feedback_import",
    "feedback_import_preview",
    "feedback_link",
    "feedback_mark_duplicate",
    "feedback_unlink",
    "idea_accept",
    "idea_decline",
    "idea_vote",
    "item_reach_from_demand",
    "open_survey",
    "respondent_token_issue",
    "stakeholder_follow",
    "survey_answer",
    "survey_question_bind",
    "weights_update",
]
