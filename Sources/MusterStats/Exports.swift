// `ScenarioParameters.swift` writes `parameters.json` with `JSONValue` and
// `NumberText` (MusterOutput) without importing them: it is about to move to
// MusterScenario and is left untouched until then. This import makes
// MusterOutput visible to every file of MusterStats (and to its importers);
// remove it when ScenarioParameters has moved.
@_exported import MusterOutput
