"""The emotion model: architectures, training, evaluation and the runtime classifier."""
