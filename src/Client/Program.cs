using Fcan.Client;

return await FcanCli.RunAsync(args);
