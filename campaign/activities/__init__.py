"""How the campaign is carried out: member organizations and their assignments, yearly plans,
activities, pilot models, festivals, village conventions and budget plans (`/hoat-dong/`)."""
