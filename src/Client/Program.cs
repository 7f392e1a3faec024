using Fcan.Client;
using Fcan.Client.Output;

// Everything the process prints passes through the redactor: connection strings and keys never reach a terminal or log.
Console.SetOut(new RedactingWriter(Console.Out));
Console.SetError(new RedactingWriter(Console.Error));
return await FcanCli.RunAsync(args);
