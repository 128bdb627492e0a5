from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0006_votes_keep_their_meeting'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificatelayout',
            name='print_issuer',
            field=models.BooleanField(default=False, help_text='For generic blanks that do not carry the issuer line (e.g. GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG THÁP).', verbose_name='print the issuer line on the blanks'),
        ),
    ]
