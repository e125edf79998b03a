"""Answer building: a question and its retrieved chunks in, a cited `Answer` out.

`answer` is the Answer/Citation model every front end consumes; `pipeline` is the
question -> retrieve -> answer chain; `evidence` scores candidate sentences; `refusal` decides
when the evidence is too weak to answer; `agreement` measures meaning overlap with the
embedding model; `extractive` is the offline answerer that quotes the best sentences.
"""
