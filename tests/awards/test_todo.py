""""Việc cần làm" from the awards (issue 15 item 1): the office's decision to draft and comments to answer,
the Director's decision to sign; each line leaves once the work is done."""

import datetime as dt

from awards.issuing import services as issuing
from awards.review import services as review
from campaign import todo
from dossiers.models import Nomination
from tests.awards.conftest import AFTER_PUBLICATION


def lines(user) -> dict[str, todo.Todo]:
    return {item.key: item for item in todo.compute(user)}


def test_the_office_drafts_the_decision_the_director_signs_it(approved, campaign, office, director):
    theirs = lines(office)
    assert theirs["awards.decisions_to_draft"].count == 1
    assert theirs["awards.decisions_to_draft"].url == "/khen-thuong/quyet-dinh/"
    assert "awards.proposals_to_draft" not in theirs  # no provincial approvals
    assert "awards.decisions_to_sign" not in lines(director)

    decision = issuing.create_decision(campaign=campaign, by=office, number="125/QĐ-SCT",
                                       signing_date=dt.date(2023, 11, 24), signer_name="Nguyễn Hữu Dũng")
    assert "awards.decisions_to_draft" not in lines(office)
    to_sign = lines(director)["awards.decisions_to_sign"]
    assert (to_sign.count, to_sign.url) == (1, f"/khen-thuong/quyet-dinh/{decision.pk}/")
    # The office records signatures too, but waiting for the Director is not the office's line.
    assert "awards.decisions_to_sign" not in lines(office)

    issuing.sign_decision(decision=decision, by=director, now=AFTER_PUBLICATION)
    assert "awards.decisions_to_sign" not in lines(director)


def test_a_comment_on_the_published_list_waits_for_the_offices_answer(approved, office, commenter):
    _, _, publication = approved
    nomination = Nomination.objects.filter(campaign=publication.campaign, is_live=True).order_by("pk").first()
    feedback = review.send_feedback(publication=publication, nomination=nomination, by=commenter,
                                    text="Đề nghị làm rõ thành tích năm 2023.")
    waiting = lines(office)["awards.feedback"]
    assert (waiting.count, waiting.url) == (1, "/quan-tri/awards/feedback/?da_tra_loi=khong")
    assert "awards.feedback" not in lines(commenter)  # staff comment; the office answers
    review.answer_feedback(feedback=feedback, by=office, answer="Đã bổ sung minh chứng.")
    assert "awards.feedback" not in lines(office)
