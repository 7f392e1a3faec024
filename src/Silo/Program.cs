Console.Error.WriteLine("fcan-silo: not implemented yet");
return 1;
