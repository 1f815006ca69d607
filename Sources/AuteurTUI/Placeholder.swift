import AuteurCore // placeholder: replace with the module's first real file
