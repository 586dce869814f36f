"""Our classes and predicates as Biolink Model terms (for KGX).

Each ontology class maps to the nearest Biolink category, each predicate to the nearest
Biolink predicate; where Biolink has nothing closer the mapping falls back to
``biolink:NamedThing`` / ``biolink:related_to``, and the exact original is kept on the record
(``ldh_types``, ``original_predicate``). Every term here exists in biolink-model 4.4.6
(checked by tests/test_export_kgx.py).

>>> categories(["ldho:Drug", "ldho:ResidualSymptom"])
['biolink:Drug', 'biolink:PhenotypicFeature']
>>> predicate("ldho:targets")
'biolink:affects'
"""

from __future__ import annotations

_SYMPTOM = "biolink:PhenotypicFeature"
_MECHANISM = "biolink:PathologicalProcess"
_TREATMENT = "biolink:Treatment"
_PROCEDURE = "biolink:Procedure"
_INFO = "biolink:InformationContentEntity"

CATEGORIES: dict[str, str] = {
    "ClinicalEntity": "biolink:NamedThing",
    "AnatomicalEntity": "biolink:AnatomicalEntity",
    "SpinalStructure": "biolink:AnatomicalEntity",
    "NerveStructure": "biolink:AnatomicalEntity",
    "Muscle": "biolink:GrossAnatomicalStructure",
    "BodyRegion": "biolink:AnatomicalEntity",
    "MechanismOfAction": "biolink:BiologicalProcessOrActivity",
    "SymptomFeature": "biolink:PhenotypicFeature",
    "PainQuality": "biolink:PhenotypicFeature",
    "AggravatingFactor": "biolink:BehavioralExposure",
    "TCMConcept": "biolink:NamedThing",
    "TCMDiseaseCategory": "biolink:Disease",
    "TCMCause": "biolink:ExposureEvent",
    "TCMTreatmentPrinciple": _TREATMENT,
    "Technology": "biolink:Device",
    "CellType": "biolink:Cell",
    "MolecularEntity": "biolink:MolecularEntity",
    "InflammatoryMediator": "biolink:MolecularEntity",
    "Condition": "biolink:Disease",
    "Symptom": _SYMPTOM,
    "ResidualSymptom": _SYMPTOM,
    "Pain": _SYMPTOM,
    "LowBackPain": _SYMPTOM,
    "LegPain": _SYMPTOM,
    "RadiatingPain": _SYMPTOM,
    "SensoryDisturbance": _SYMPTOM,
    "MotorDisturbance": _SYMPTOM,
    "FunctionalImpairment": _SYMPTOM,
    "PelvicSymptom": _SYMPTOM,
    "Mechanism": _MECHANISM,
    "CompressionMechanism": _MECHANISM,
    "DegenerativeMechanism": _MECHANISM,
    "InflammatoryMechanism": _MECHANISM,
    "SurgicalTraumaMechanism": _MECHANISM,
    "TCMPattern": "biolink:DiseaseOrPhenotypicFeature",
    "PsychologicalFactor": "biolink:BehavioralFeature",
    "Treatment": _TREATMENT,
    "Drug": "biolink:Drug",
    "PainManagement": _TREATMENT,
    "PreventiveMeasure": _TREATMENT,
    "PsychologicalIntervention": _TREATMENT,
    "Radiofrequency": _TREATMENT,
    "Rehabilitation": _TREATMENT,
    "TCMTherapy": _TREATMENT,
    "SurgicalProcedure": _PROCEDURE,
    "MinimallyInvasiveSurgery": _PROCEDURE,
    "EndoscopicSurgery": _PROCEDURE,
    "DiagnosticProcedure": _PROCEDURE,
    "ClinicalAssessment": _PROCEDURE,
    "ElectrophysiologicalTest": _PROCEDURE,
    "ImagingProcedure": _PROCEDURE,
    "InterventionalDiagnostic": _PROCEDURE,
    "Outcome": "biolink:ClinicalFinding",
    "Population": "biolink:PopulationOfIndividualOrganisms",
    "RiskFactor": "biolink:NamedThing",
    "EmergingTechnology": "biolink:NamedThing",
    "Limitation": _INFO,
    "EvidenceBase": _INFO,
    "ResearchDirection": _INFO,
}

PREDICATES: dict[str, str] = {
    "addresses": "biolink:treats_or_applied_or_studied_to_treat",
    "affects": "biolink:affects",
    "aggravates": "biolink:exacerbates_condition",
    "associatedWith": "biolink:associated_with",
    "causes": "biolink:causes",
    "cautionFor": "biolink:contraindicated_in",
    "comparableTo": "biolink:similar_to",
    "complements": "biolink:related_to",
    "componentOf": "biolink:part_of",
    "accompaniedBy": "biolink:related_to",
    "actsOn": "biolink:affects",
    "aggravatedBy": "biolink:related_to",
    "correlatesWith": "biolink:correlated_with",
    "examines": "biolink:related_to",
    "hasMechanismOfAction": "biolink:related_to",
    "hasQuality": "biolink:related_to",
    "inTCMCategory": "biolink:subclass_of",
    "involvesStructure": "biolink:related_to",
    "locatedIn": "biolink:located_in",
    "measuresUseOf": "biolink:related_to",
    "memberOf": "biolink:member_of",
    "occursIn": "biolink:occurs_in",
    "operatesOn": "biolink:related_to",
    "partOf": "biolink:part_of",
    "contributesTo": "biolink:contributes_to",
    "detects": "biolink:diagnoses",
    "distinguishes": "biolink:related_to",
    "hasLimitation": "biolink:related_to",
    "improves": "biolink:ameliorates_condition",
    "induces": "biolink:causes",
    "localizes": "biolink:related_to",
    "manifestsAs": "biolink:has_phenotype",
    "outperforms": "biolink:related_to",
    "predicts": "biolink:associated_with",
    "prevents": "biolink:preventative_for_condition",
    "raisesRiskOf": "biolink:predisposes_to_condition",
    "reducesLevelOf": "biolink:decreases_amount_or_activity_of",
    "releases": "biolink:related_to",
    "relieves": "biolink:ameliorates_condition",
    "slowerResponseIn": "biolink:related_to",
    "suitableFor": "biolink:applied_to_treat",
    "targets": "biolink:affects",
    "treats": "biolink:treats",
}


def categories(types: list[str]) -> list[str]:
    """Biolink categories for our classes (sorted, unique; ``NamedThing`` if none maps)."""
    cats = {CATEGORIES[t.split(":")[-1]] for t in types if t.split(":")[-1] in CATEGORIES}
    return sorted(cats) or ["biolink:NamedThing"]


def predicate(ours: str) -> str:
    """The Biolink predicate for one of ours (``biolink:related_to`` if unmapped)."""
    return PREDICATES.get(ours.split(":")[-1], "biolink:related_to")
