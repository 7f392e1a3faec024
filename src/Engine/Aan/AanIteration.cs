namespace Fcan.Engine.Aan;

/// <summary>One iteration's loss at x^{i-1}, summed over a batch. <see cref="Style"/> is sum_l wt_l Dist(G_o, Gbar_t),
/// not multiplied by alpha (the loss-log convention of ../shared/spec/aan.md).</summary>
public sealed record AanIteration(int Iteration, double Loss, double Content, double Style);
