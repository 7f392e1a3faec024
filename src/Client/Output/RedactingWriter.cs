using System.Text;
using Fcan.Grains.Hosting;

namespace Fcan.Client.Output;

/// <summary>
/// A console writer that passes each written string through <see cref="SecretRedactor"/>. The CLI installs it over
/// stdout and stderr at start-up, so help, errors, tables, progress and logs are all covered by one mechanism.
/// </summary>
public sealed class RedactingWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value)
    {
        if (value != null) inner.Write(SecretRedactor.Redact(value));
    }

    public override void WriteLine(string? value) => inner.WriteLine(value == null ? null : SecretRedactor.Redact(value));

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Flush();
        base.Dispose(disposing);
    }
}
