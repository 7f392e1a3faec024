namespace Fcan.Engine.Adapter;

/// <summary>One step's AAN loss per crop (the batch mean): Total = Content + alpha * Style.</summary>
public sealed record AdapterLosses(double Total, double Content, double Style);

/// <summary>Progress after a step: the step just done, its losses, and crops per second since the run started.</summary>
public sealed record AdapterProgress(int Step, int Steps, AdapterLosses Losses, double ImagesPerSecond);
