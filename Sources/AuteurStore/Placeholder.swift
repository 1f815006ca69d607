import AuteurCore
