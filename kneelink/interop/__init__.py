"""An answer for clinical systems: CDS Hooks cards, a FHIR R4 CarePlan, and an optional
CDS Hooks service (``pip install 'kneelink[service]'``, ``kneelink serve``).

Reached through :func:`kneelink.cds_cards` and :func:`kneelink.care_plan`; the service is
:func:`kneelink.interop._service.app`.
"""
