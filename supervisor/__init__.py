"""The floor manager's console (フロアマネージャー): the whole office live, actions, and what-if plans."""
