// Torch tests share one 2-core CPU and one loaded network; running them one at a time keeps them fast and simple.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
