namespace Fcan.Engine.Aan;

/// <summary>The arithmetic an AAN render runs in. The image x, the Grams and the loss stay float32 in all of them.</summary>
public enum AanPrecision
{
    /// <summary>float32 throughout: the spec's parity reference.</summary>
    Fp32,

    /// <summary>float32 tensors, with CUDA's TF32 tensor cores for convolutions and matmuls (the same as Fp32 on the CPU).</summary>
    Tf32,

    /// <summary>The feature network in bfloat16; its taps are cast back to float32 before the Grams and the loss.</summary>
    Bf16,
}
