using Orleans.Serialization;

namespace Fcan.Grains.Persistence;

/// <summary>Reminders in one file, for the embedded single-process silo, so that schedules and job pumps survive a
/// restart without a database. The table is small (a few reminders per job or schedule); every change rewrites the
/// file atomically (temporary file, flush, rename).</summary>
public sealed class FileReminderTable(string path, Serializer serializer) : IReminderTable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Dictionary<(GrainId, string), StoredReminder> rows = [];
    private long lastVersion;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return;
        var stored = serializer.Deserialize<List<StoredReminder>>(await File.ReadAllBytesAsync(path, cancellationToken)) ?? [];
        rows = stored.ToDictionary(r => (r.GrainId, r.Name));
        lastVersion = stored.Count == 0 ? 0 : stored.Max(r => r.Version);
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync(r => r.GrainId == grainId);

    /// <summary>Reminders whose grain hash lies in the ring range (begin, end], which wraps when begin >= end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        ReadAsync(r =>
        {
            var hash = r.GrainId.GetUniformHashCode();
            return begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
        });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await gate.WaitAsync();
        try { return rows.TryGetValue((grainId, reminderName), out var row) ? row.ToEntry() : null; }
        finally { gate.Release(); }
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        await gate.WaitAsync();
        try
        {
            var row = new StoredReminder(entry.GrainId, entry.ReminderName, entry.StartAt, entry.Period, ++lastVersion);
            rows[(row.GrainId, row.Name)] = row;
            await SaveAsync();
            return row.ToEntry().ETag;
        }
        finally { gate.Release(); }
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await gate.WaitAsync();
        try
        {
            if (!rows.TryGetValue((grainId, reminderName), out var row) || row.ToEntry().ETag != eTag) return false;
            rows.Remove((grainId, reminderName));
            await SaveAsync();
            return true;
        }
        finally { gate.Release(); }
    }

    public async Task TestOnlyClearTable()
    {
        await gate.WaitAsync();
        try
        {
            rows.Clear();
            await SaveAsync();
        }
        finally { gate.Release(); }
    }

    private async Task<ReminderTableData> ReadAsync(Func<StoredReminder, bool> filter)
    {
        await gate.WaitAsync();
        try { return new ReminderTableData(rows.Values.Where(filter).Select(r => r.ToEntry()).ToList()); }
        finally { gate.Release(); }
    }

    private async Task SaveAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096,
                         FileOptions.WriteThrough))
        {
            await file.WriteAsync(serializer.SerializeToArray(rows.Values.ToList()));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
