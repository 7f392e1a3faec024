namespace Fcan.Client.Connection;

/// <summary>How the CLI reaches the silos: in its own process, or as a client through one of the membership stores.</summary>
public enum ClusterKind
{
    Embedded,
    Gateway,
    Redis,
    Postgres,
}
