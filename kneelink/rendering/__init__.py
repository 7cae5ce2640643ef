"""Renderings of an answer for people: plain text, the body map (SVG) and the chain graph
(Mermaid, DOT).

Data flows one way: an answer and its pack come in, text comes out; nothing here changes
an answer. The public entry points are re-exported from :mod:`kneelink`
(:func:`kneelink.answer_text`, :func:`kneelink.body_map`, :func:`kneelink.chain_graph`).
"""
