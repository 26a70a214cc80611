"""The campaign's own outcomes: each commune's new-countryside status and each ward's
civilized-urban status by year, with the deciding document; model residential areas and model
gardens recognised by decision (Hà Tĩnh's criteria, Quyết định 33/2014/QĐ-UBND)."""
