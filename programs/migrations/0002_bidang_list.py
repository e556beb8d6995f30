from django.db import migrations

BIDANG = [
    "Konveksi",
    "Tata Rias",
    "Tata Boga",
    "Manajemen Keuangan Koperasi",
    "Pemasaran Digital",
    "Kerajinan (Craft)",
    "Pengolahan Hasil Perikanan",
    "Manajemen Usaha",
]


def forwards(apps, schema_editor):
    Bidang = apps.get_model("programs", "Bidang")
    for name in BIDANG:
        Bidang.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
