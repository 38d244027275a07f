return Harness.Llama.Training.TrainingWorker.Run(args);
