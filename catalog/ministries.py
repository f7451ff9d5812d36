"""Hindi names of the ministries and departments that promote ODOP products (the `ministry`
column of the national ODOP list): their own official Hindi names where they have one."""

from districts.models import is_hindi

MINISTRIES_HI = {
    "DC Handicrafts": "विकास आयुक्त (हस्तशिल्प)",
    "DC Handloom": "विकास आयुक्त (हथकरघा)",
    "Department of Chemicals and Petrochemicals": "रसायन और पेट्रो-रसायन विभाग",
    "Department of Fisheries": "मत्स्यपालन विभाग",
    "Department of Industries": "उद्योग विभाग",
    "Department of Pharmaceuticals": "औषध विभाग",
    "Department of geology": "भूविज्ञान विभाग",
    "MSME": "सूक्ष्म, लघु और मध्यम उद्यम मंत्रालय",
    "MeitY": "इलेक्ट्रॉनिकी और सूचना प्रौद्योगिकी मंत्रालय",
    "Ministry of Agriculture & Farmers' Welfare": "कृषि एवं किसान कल्याण मंत्रालय",
    "Ministry of Ayush": "आयुष मंत्रालय",
    "Ministry of Chemicals & Fertilizers": "रसायन और उर्वरक मंत्रालय",
    "Ministry of Commerce and Industry": "वाणिज्य एवं उद्योग मंत्रालय",
    "Ministry of Fisheries, Animal Husbandry and Dairying": "मत्स्यपालन, पशुपालन और डेयरी मंत्रालय",
    "Ministry of Food Processing Industries": "खाद्य प्रसंस्करण उद्योग मंत्रालय",
    "Ministry of Heavy Industries": "भारी उद्योग मंत्रालय",
    "Ministry of Mines": "खान मंत्रालय",
    "Ministry of Petroleum & Natural Gas": "पेट्रोलियम और प्राकृतिक गैस मंत्रालय",
    "Ministry of Textiles": "वस्त्र मंत्रालय",
    "Ministry of Tourism": "पर्यटन मंत्रालय",
}


def ministry_name(name: str) -> str:
    """`name` in Hindi on Hindi pages when we know it (else as the ODOP list writes it)."""
    return MINISTRIES_HI.get(name, name) if is_hindi() else name
