"""Issuing (DESIGN.md R4, R10): award decisions, the Tờ trình to the province, certificates and their
PDFs, the award register and staff histories. Builds on review (awards/review/): what was approved,
within the quota, and whether signing is allowed yet."""
