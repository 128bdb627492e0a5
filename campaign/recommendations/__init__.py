"""The People's Inspection Board's recommendations (kiến nghị) to the head of the agency and the
Director's answers (Law 10/2022 on grassroots democracy, art. 63; issue 14 point 5).

The board files a recommendation; the Director (or a deputy) answers it within 15 days; the answer is
published to the board at once; nobody edits or deletes a recommendation or an answer (a correction is
a new answer naming the one it corrects). Models in campaign/models.py, rules in campaign/rules.py.
"""
