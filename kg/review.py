"""The source review's identity: DOI, licence and the attribution every artifact carries.

A basic module (the builder, the exports and the faces all cite the review the same way).
"""

from __future__ import annotations

REVIEW_DOI = "10.12677/jcpm.2025.41131"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = (
    "Derived from: 曹晨皓, 李卓凡, 王董, 张东顺, 周陈西, 李东. "
    "腰椎间盘突出症术后残余症状的诊疗策略与进展 "
    "(Diagnostic and Therapeutic Strategies for Residual Symptoms after Lumbar Disc Herniation "
    "Surgery: Current Progress). 临床个性化医学, 2025, 4(1): 932-938. "
    "DOI: 10.12677/jcpm.2025.41131. © 2025 the authors and Hans Publishers Inc., CC BY 4.0."
)
