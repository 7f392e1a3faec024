namespace Fcan.Grains.Tasks;

[GenerateSerializer]
public enum RenderTaskStatus
{
    Pending = 0,
    Leased = 1,
    Done = 2,
    Failed = 3,
}
