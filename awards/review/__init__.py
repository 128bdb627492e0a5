"""Review (DESIGN.md R4, R5): the council's meetings and votes and the tally that counts, approvals within
the quota, the proposed list published for comment and its feedback.

Review knows nothing of issuing: awards/issuing/ imports from here, never the other way round.
"""
