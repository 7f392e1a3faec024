using Fcan.Engine.Aan;
using Fcan.Grains.Contracts;
using Fcan.Grains.Jobs;

namespace Fcan.Grains.Tests.Rendering;

public class RenderSettingsTests
{
    [Theory]
    [InlineData(AanPreset.Paper)]
    [InlineData(AanPreset.Quality)]
    [InlineData(AanPreset.Fast)]
    public void APresetTravelsToTheWorkersWithEveryValue(AanPreset preset)
    {
        var expected = AanPresets.Settings(preset);
        var settings = RenderSettings.FromPreset(preset, size: null);
        var onWorker = settings.ToAan();

        Assert.Equal(AanPresets.Name(preset), settings.Preset);
        Assert.Equal(expected.Iterations, onWorker.Iterations);
        Assert.Equal(expected.Alpha, onWorker.Alpha);
        Assert.Equal(expected.Beta, onWorker.Beta);
        Assert.Equal(expected.ContentWeights, onWorker.ContentWeights);
        Assert.Equal(expected.StyleWeights, onWorker.StyleWeights);
        Assert.Equal(expected.Scale, onWorker.Scale);
        Assert.Equal(expected.Smoothness, onWorker.Smoothness);
        Assert.Equal((expected.Init.Kind, expected.Init.Strength), (onWorker.Init.Kind, onWorker.Init.Strength));
    }

    [Fact]
    public void TheDefaultIsTheDefaultPreset() =>
        Assert.Equal(AanPresets.Name(AanPresets.Default), RenderSettings.Default.Preset);

    [Fact]
    public void EveryPresetAndEveryValueChangesTheRefreshFingerprint()
    {
        JobSpec Spec(RenderSettings settings) => new("/data", "gta5", "pool", 1, settings, "/out");
        var quality = RenderSettings.FromPreset(AanPreset.Quality, null);
        var variants = new[]
        {
            quality,
            RenderSettings.FromPreset(AanPreset.Fast, null),
            RenderSettings.FromPreset(AanPreset.Paper, null),
            quality with { StyleWeights = [1, 1, 1, 1, 1] },
            quality with { ContentWeights = [0, 0, 0, 1, 1] },
            quality with { Scale = RenderLossScale.Raw },
            quality with { Smoothness = 0.1 },
            quality with { ColourStrength = 1 },
            quality with { Init = RenderInit.Source },
        };
        var fingerprints = variants.Select(v => JobRecipe.Fingerprint(Spec(v))).ToList();
        Assert.Equal(variants.Length, fingerprints.Distinct().Count());
        Assert.Equal(fingerprints[0], JobRecipe.Fingerprint(Spec(RenderSettings.FromPreset(AanPreset.Quality, null))));
    }

    [Fact]
    public void AJobFromBeforePresetsStillMeansThePapersReading()
    {
        var old = new RenderSettings(Iterations: 10, Size: null, Seed: 0).ToAan();
        var paper = AanSettings.Paper;
        Assert.Equal((paper.Alpha, paper.Beta, paper.Init.Kind, paper.Scale, paper.Smoothness), (old.Alpha, old.Beta, old.Init.Kind, old.Scale, old.Smoothness));
        Assert.Equal(paper.ContentWeights, old.ContentWeights);
        Assert.Equal(paper.StyleWeights, old.StyleWeights);
    }
}
