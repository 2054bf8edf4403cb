"""The window's controllers: each owns one kind of work and runs the core's commands for it.

commands (run a command, the undo stack), documents (the list, the open document, redraws),
view_filter, spans, events, finishing (mark done), jobs (background work), files (project,
import, export, schema dialogs), preferences (settings, memory) and help. None imports the
window; they share a ui.context.WindowContext and the view state.
"""
