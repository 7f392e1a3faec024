namespace Fcan.Engine.Ran.Distributed;

/// <summary>How trainers put float buffers on the wire.</summary>
public enum WireFormat
{
    /// <summary>IEEE float32, exact: 4 bytes a value.</summary>
    Fp32,

    /// <summary>bfloat16 (float32's top half, rounded to nearest even): 2 bytes a value, about 3 significant digits.</summary>
    Bf16,
}
